import { describe, expect, it } from 'vitest';

import { OrderedDelivery } from '../../../electron/engine/pop3/ordered-delivery';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('OrderedDelivery', () => {
  it('runs jobs synchronously while nothing is pending', () => {
    const events: string[] = [];
    const delivery = new OrderedDelivery(
      () => events.push('busy'),
      () => events.push('idle'),
    );
    delivery.run(() => void events.push('a'));
    delivery.run(() => void events.push('b'));
    expect(events).toEqual(['a', 'b']);
    expect(delivery.busy).toBe(false);
  });

  it('queues behind a pending job, signals busy once and idle once, and keeps the order', async () => {
    const events: string[] = [];
    const delivery = new OrderedDelivery(
      () => events.push('busy'),
      () => events.push('idle'),
    );
    let release: () => void = () => undefined;
    delivery.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => void events.push('slow done')));
    delivery.run(() => void events.push('second'));
    delivery.run(async () => {
      await tick();
      events.push('third');
    });
    expect(events).toEqual(['busy']);
    expect(delivery.busy).toBe(true);
    release();
    for (let i = 0; i < 5; i++) await tick();
    expect(events).toEqual(['busy', 'slow done', 'second', 'third', 'idle']);
    expect(delivery.busy).toBe(false);
  });

  it('a rejecting job does not stall the ones after it', async () => {
    const events: string[] = [];
    const delivery = new OrderedDelivery(
      () => undefined,
      () => events.push('idle'),
    );
    delivery.run(() => Promise.reject(new Error('x')));
    delivery.run(() => void events.push('after'));
    for (let i = 0; i < 3; i++) await tick();
    expect(events).toEqual(['after', 'idle']);
  });
});
