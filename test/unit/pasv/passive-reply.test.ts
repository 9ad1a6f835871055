import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodePassiveReply, formatEndpoint, PassiveReplyError } from '../../../src/pasv/passive-reply.js';
import { runDecodePasv } from '../../../src/pasv/decode-pasv-command.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => ((out += s), true) }, stderr: { write: (s: string) => ((err += s), true) } } as any,
    out: () => out,
    err: () => err,
  };
}

describe('decodePassiveReply', () => {
  test('the guide example: 227 (192,168,1,10,195,80) is 192.168.1.10:50000', () => {
    const r = decodePassiveReply('227 Entering Passive Mode (192,168,1,10,195,80)');
    assert.deepEqual(r, { kind: 'pasv', address: '192.168.1.10', port: 50000, p1: 195, p2: 80 });
    assert.equal(formatEndpoint(r), '192.168.1.10:50000');
  });

  const variants: Array<[string, string]> = [
    ['227 Entering Passive Mode (10,99,1,11,195,99).', '10.99.1.11:50019'], // vsftpd: trailing dot
    ['227 Entering Passive Mode 10,99,1,11,195,80', '10.99.1.11:50000'], // no parentheses
    ['227 Entering Passive Mode ( 10 , 99 , 1 , 11 , 195 , 80 )', '10.99.1.11:50000'], // spaces
    ['227 =10,99,1,11,195,80', '10.99.1.11:50000'], // '=' style
    ['10,99,1,11,195,80', '10.99.1.11:50000'], // bare tuple
    ['  227 Entering Passive Mode (10,99,1,11,195,80)\r\n', '10.99.1.11:50000'], // copied with CRLF
    ['227-Entering Passive Mode (10,99,1,11,195,80)', '10.99.1.11:50000'],
  ];
  for (const [text, want] of variants) {
    test(`tolerates ${JSON.stringify(text)}`, () => assert.equal(formatEndpoint(decodePassiveReply(text)), want));
  }

  test('EPSV: only a port, printed as :port', () => {
    const r = decodePassiveReply('229 Entering Extended Passive Mode (|||50000|)');
    assert.deepEqual(r, { kind: 'epsv', address: null, port: 50000 });
    assert.equal(formatEndpoint(r), ':50000');
    assert.equal(decodePassiveReply('229 Entering Extended Passive Mode (!!!50001!).').port, 50001);
  });

  const bad = [
    '',
    'hello',
    '227 Entering Passive Mode (192,168,1,10,195)', // five numbers
    '227 Entering Passive Mode (192,168,1,300,195,80)', // not a byte
    '425 Can\'t open data connection.',
    '229 Entering Extended Passive Mode (|||99999|)',
    '227 Entering Passive Mode (10,0,0,1,0,0)', // port 0
  ];
  for (const text of bad) {
    test(`rejects ${JSON.stringify(text)} with one sentence`, () => {
      assert.throws(() => decodePassiveReply(text), (e: unknown) => {
        assert.ok(e instanceof PassiveReplyError);
        assert.equal(e.message.split('. ').length, 1, e.message);
        assert.ok(e.message.endsWith('.'));
        return true;
      });
    });
  }

  test('any address and port round-trips through the 227 encoding', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (ip, port) => {
        const text = `227 Entering Passive Mode (${ip.split('.').join(',')},${port >> 8},${port & 255}).`;
        const r = decodePassiveReply(text);
        assert.equal(r.address, ip);
        assert.equal(r.port, port);
      }),
    );
  });
});

describe('decode-pasv command', () => {
  test('text: the endpoint alone on stdout', () => {
    const c = capture();
    assert.equal(runDecodePasv({ reply: '227 Entering Passive Mode (192,168,1,10,195,80)', format: 'text' }, c.io), 0);
    assert.equal(c.out(), '192.168.1.10:50000\n');
    assert.equal(c.err(), '');
  });
  test('EPSV text: :port on stdout and the note on stderr', () => {
    const c = capture();
    runDecodePasv({ reply: '229 Entering Extended Passive Mode (|||50000|)', format: 'text' }, c.io);
    assert.equal(c.out(), ':50000\n');
    assert.match(c.err(), /control connection/);
  });
  test('json', () => {
    const c = capture();
    runDecodePasv({ reply: '227 Entering Passive Mode (192,168,1,10,195,80)', format: 'json' }, c.io);
    assert.deepEqual(JSON.parse(c.out()), { kind: 'pasv', code: 227, address: '192.168.1.10', port: 50000, p1: 195, p2: 80, endpoint: '192.168.1.10:50000' });
  });
});
