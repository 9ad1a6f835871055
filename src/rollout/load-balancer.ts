/**
 * What the rollout needs from a load balancer, whichever it is: take a server
 * out of rotation without cutting its sessions, say how many it still has, and
 * put it back. HAProxy is driven through its runtime API (haproxy-runtime.ts);
 * anything else through a hook command (lb-hook.ts).
 */

/** A load balancer refused or failed a request; the message says which and how. */
export class LoadBalancerError extends Error {
  override readonly name = 'LoadBalancerError';
}

export interface SessionCount {
  /** Connections the load balancer still forwards to the server (control + data). */
  total: number;
  /** How the count was made, for the step log. */
  detail: string;
}

/** How a check reaches one server through the VIP: the load balancer sends this source's connections there. */
export interface ProbePin {
  /** Connections to the server so far (to prove the probe landed there). */
  servedBefore: number;
  served(): Promise<number>;
  release(): Promise<void>;
}

export interface LoadBalancerDriver {
  readonly description: string;
  /** No new sessions to the server; its current sessions (and their data connections) go on. */
  drain(server: string): Promise<void>;
  ready(server: string): Promise<void>;
  /** Current sessions, or null when this load balancer cannot tell (the rollout then waits the whole drain timeout). */
  sessions(server: string): Promise<SessionCount | null>;
  /**
   * Called while waiting for the server to empty: lets clients that have no session on it any more start
   * their next one elsewhere (source persistence would otherwise send them back to the draining server).
   * Says how many clients were released, and how many still point at the server (their sessions are open).
   */
  releaseIdleClients?(server: string): Promise<{ released: number; remaining: number }>;
  /** When the load balancer can send a given source to a given server (even a drained one): the check goes through the VIP. */
  pinProbe?(server: string, source: string): Promise<ProbePin>;
}
