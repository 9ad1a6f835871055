/** The runtime API's answers, as HAProxy 2.6 printed them in the lab (trimmed to the columns that matter plus a few). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseShowSess, parseShowStat, parseShowTable } from '../../../src/rollout/haproxy-runtime.js';

const STAT = `# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid
ftps_control_in,FRONTEND,,,3,3,9900,12,0,0,0,0,0,,,,,OPEN,,,,,,,,,1,2,0
ftps_control,be1,0,0,2,2,,9,0,0,,0,,0,0,0,0,DRAIN,0,1,0,0,0,0,0,,1,4,1
ftps_control,be2,0,0,1,1,,3,0,0,,0,,0,0,0,0,UP,1,1,0,0,0,0,0,,1,4,2
ftps_control,BACKEND,0,0,3,3,990,12,0,0,0,0,,0,0,0,0,UP,2,2,0,,0,0,0,,1,4,0
ftps_passive,be1,0,0,1,1,,20,0,0,,0,,0,0,0,0,DRAIN,0,1,0,,,0,,,1,5,1
ftps_passive,be2,0,0,0,1,,7,0,0,,0,,0,0,0,0,UP,1,1,0,,,0,,,1,5,2
`;

describe('HAProxy runtime API answers', () => {
  test('show stat: current and total sessions and the id of every server, frontends and backends left out', () => {
    const rows = parseShowStat(STAT);
    assert.deepEqual(rows.map((r) => `${r.proxy}/${r.server} ${r.scur} ${r.stot} ${r.sid} ${r.status}`), [
      'ftps_control/be1 2 9 1 DRAIN',
      'ftps_control/be2 1 3 2 UP',
      'ftps_passive/be1 1 20 1 DRAIN',
      'ftps_passive/be2 0 7 2 UP',
    ]);
  });

  test('show stat without its header (an error line instead) is an error, not zero sessions', () => {
    assert.throws(() => parseShowStat('Permission denied\n'), /without its CSV header: Permission denied/);
  });

  test('show table: key and server id per entry', () => {
    const text = `# table: ftps_control, type: ip, size:102400, used:2
0x56340410bba0: key=10.99.0.10 use=0 exp=3599813 server_id=1 server_key=be1
0x7fab40046f80: key=10.99.0.55 use=0 exp=3599990 server_id=2 server_key=-

`;
    assert.deepEqual(parseShowTable(text), [
      { key: '10.99.0.10', serverId: 1 },
      { key: '10.99.0.55', serverId: 2 },
    ]);
  });

  test('show sess: client address (port dropped), backend and server; the CLI\'s own session left out', () => {
    const text = `0x7fab4003a7f0: proto=tcpv4 src=10.99.0.10:56730 fe=ftps_control_in be=ftps_control srv=be1 ts=00 epoch=0 age=3s calls=3 rate=0 cpu=0 lat=0 rq[f=84a020h,i=0,an=00h,rx=,wx=,ax=]
0x7fab4004cd30: proto=unix_stream src=unix:1 fe=GLOBAL be=<NONE> srv=<none> ts=00 epoch=0 age=0s calls=1 rate=0 cpu=0 lat=0
`;
    assert.deepEqual(parseShowSess(text), [{ source: '10.99.0.10', backend: 'ftps_control', server: 'be1' }]);
  });
});
