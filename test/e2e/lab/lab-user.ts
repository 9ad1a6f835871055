/** The local account vsftpd logs the lab user in as: one per run, random password, deleted in teardown. */
import { must, run } from './exec.js';

export function ensureUser(user: string, password: string): void {
  if (run('id', ['-u', user]).status !== 0) {
    // rbash: PAM's pam_shells wants a shell listed in /etc/shells; nobody logs in interactively.
    // Home "/": vsftpd changes to the home folder before local_root and fails the session if it is missing.
    must('useradd', ['--no-create-home', '--home-dir', '/', '--shell', '/bin/rbash', '--user-group', user]);
  }
  must('chpasswd', [], { input: `${user}:${password}\n` });
}
