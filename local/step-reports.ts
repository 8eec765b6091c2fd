// The step reports of a workflow whose jobs and matrix legs run at the same time, handed on in
// the order a run of one job (and one leg) after the other gives, so that a table of steps reads
// job by job and the same run always reports the same way. Each job reserves its slot in the
// workflow's job order before any job starts; a matrix job splits its slot into one per leg.
// A slot's reports go out as they come while every slot before it is closed, else once they are.
import type { StepReport } from './workflow.js';

export class Slot {
  private readonly reports: StepReport[] = [];
  private sent = 0;
  private closed = false;
  private legs?: Slot[];

  constructor(private readonly changed: () => void) {}

  add(report: StepReport): void {
    this.reports.push(report);
    this.changed();
  }

  /** One slot per leg, in the legs' order; this slot is done once they all are. */
  split(count: number): Slot[] {
    this.legs = Array.from({ length: count }, () => new Slot(this.changed));
    return this.legs;
  }

  close(): void {
    this.closed = true;
    this.changed();
  }

  /** Hands on what has not gone out yet, in order; true when the slot is closed and all of it went out. */
  flush(send: (report: StepReport) => void): boolean {
    while (this.sent < this.reports.length) send(this.reports[this.sent++]);
    if (this.legs && !this.legs.every((leg) => leg.flush(send))) return false;
    return this.closed;
  }
}

export class StepReports {
  private readonly slots: Slot[] = [];
  private done = 0;

  constructor(private readonly onStep?: (report: StepReport) => void) {}

  reserve(): Slot {
    const slot = new Slot(() => this.flush());
    this.slots.push(slot);
    return slot;
  }

  private flush(): void {
    while (this.done < this.slots.length && this.slots[this.done].flush((report) => this.onStep?.(report))) this.done += 1;
  }
}
