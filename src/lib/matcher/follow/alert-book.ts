/**
 * Which alerts Alertmanager must be told about, and when. Alertmanager forgets an alert at its endsAt, so a firing
 * alert is re-posted every `resendMs` with endsAt a few resends ahead (as Prometheus does: a matcher that stops
 * leaves no alert firing for ever), and resolved explicitly (endsAt = now) once its signature has been quiet for
 * `resolveAfterMs`. Pure: the caller passes the time and posts the alerts; a failed post changes nothing, so the
 * next round retries. One alert per failure, signature and host.
 */
import type { Firing } from './follow-tally.ts';
import type { SignatureFacts } from './signature-facts.ts';

/** The alertname of every alert the follow mode sends; the failure_id label says which failure it is. */
export const ALERT_NAME = 'FailureCatalogueKnownFailure';

/** A firing alert's endsAt lies this many resends ahead, so one or two lost posts do not resolve it. */
const ENDS_AT_RESENDS = 4;

/** An alert as Alertmanager's API v2 takes it (POST /api/v2/alerts takes an array of these). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
}

export interface AlertTimings {
  /** A signature with no new firing line for this long is resolved. */
  resolveAfterMs: number;
  /** A firing alert is posted again this often. */
  resendMs: number;
}

interface ActiveAlert {
  facts: SignatureFacts;
  host: string;
  startsAt: number;
  lastFiring: number;
  /** When it was last posted as firing; undefined: never (a new alert, posted at the next round). */
  lastSent: number | undefined;
}

export interface AlertRound {
  alerts: PostableAlert[];
  /** The alerts in `alerts` that are sent as resolved. */
  resolved: PostableAlert[];
  /** Call when Alertmanager accepted the alerts: resolved alerts are forgotten, firing ones wait a resend. */
  accepted(): void;
}

export class AlertBook {
  readonly #timings: AlertTimings;
  readonly #active = new Map<string, ActiveAlert>();

  constructor(timings: AlertTimings) {
    this.#timings = timings;
  }

  /** Records a firing line; returns true when it starts a new alert (to be posted without waiting). */
  fire(firing: Firing): boolean {
    const key = `${firing.facts.failureId}\u0000${firing.facts.signatureId}\u0000${firing.host}`;
    const active = this.#active.get(key);
    if (active) {
      active.lastFiring = Math.max(active.lastFiring, firing.at);
      active.facts = firing.facts; // a refreshed feed may have changed the title or the remediations
      return false;
    }
    this.#active.set(key, { facts: firing.facts, host: firing.host, startsAt: firing.at, lastFiring: firing.at, lastSent: undefined });
    return true;
  }

  get firing(): number {
    return this.#active.size;
  }

  /** The alerts to post at `now`: new ones, firing ones due a resend, and quiet ones as resolved. */
  round(now: number): AlertRound {
    const { resolveAfterMs, resendMs } = this.#timings;
    const alerts: PostableAlert[] = [];
    const resolvedAlerts: PostableAlert[] = [];
    const resolved: Array<[string, ActiveAlert]> = [];
    const resent: ActiveAlert[] = [];
    for (const [key, alert] of this.#active) {
      if (now - alert.lastFiring >= resolveAfterMs) {
        const alertNow = postable(alert, now);
        alerts.push(alertNow);
        resolvedAlerts.push(alertNow);
        resolved.push([key, alert]);
      } else if (alert.lastSent === undefined || now - alert.lastSent >= resendMs) {
        alerts.push(postable(alert, now + ENDS_AT_RESENDS * resendMs));
        resent.push(alert);
      }
    }
    return {
      alerts,
      resolved: resolvedAlerts,
      accepted: () => {
        for (const [key, alert] of resolved) {
          // A line that fired while the post was on its way keeps the alert: it will be posted as firing again.
          if (alert.lastFiring <= now) this.#active.delete(key);
          else alert.lastSent = undefined;
        }
        for (const alert of resent) alert.lastSent = now;
      },
    };
  }
}

function postable(alert: ActiveAlert, endsAt: number): PostableAlert {
  const { facts } = alert;
  return {
    labels: {
      alertname: ALERT_NAME,
      failure_id: facts.failureId,
      signature_id: facts.signatureId,
      service: facts.service,
      severity: facts.severity,
      host: alert.host,
    },
    annotations: {
      summary: `${facts.failureId}: ${facts.title} (signature ${facts.signatureId} matched on ${alert.host})`,
      description: facts.description,
      failure_url: facts.failureUrl,
      remediation_urls: facts.remediationUrls.join(' '),
    },
    startsAt: new Date(alert.startsAt).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
    generatorURL: facts.failureUrl,
  };
}
