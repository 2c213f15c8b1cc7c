/**
 * Keys in an order where every key comes after its prerequisites (blockers, parent), so that
 * their issue numbers exist when its body is written. Ties, and the members of a cycle, keep
 * the given (document) order: Kahn's algorithm that always takes the earliest ready key and,
 * when only cycles remain, forces the earliest remaining one.
 */
export function creationOrder(keys: string[], prerequisites: (key: string) => string[]): string[] {
  const index = new Map(keys.map((key, i) => [key, i]));
  const waitingOn = new Array<number>(keys.length).fill(0);
  const dependents: number[][] = keys.map(() => []);
  keys.forEach((key, i) => {
    for (const pre of new Set(prerequisites(key))) {
      const j = index.get(pre);
      if (j === undefined || j === i) continue;
      waitingOn[i] = (waitingOn[i] ?? 0) + 1;
      dependents[j]?.push(i);
    }
  });

  const ready = new MinHeap();
  keys.forEach((_, i) => {
    if (waitingOn[i] === 0) ready.push(i);
  });
  const emitted = new Array<boolean>(keys.length).fill(false);
  const order: string[] = [];
  let earliest = 0;
  while (order.length < keys.length) {
    let next = ready.pop();
    if (next === undefined) {
      while (emitted[earliest]) earliest++;
      next = earliest;
    }
    if (emitted[next]) continue;
    emitted[next] = true;
    order.push(keys[next] ?? "");
    for (const d of dependents[next] ?? []) {
      waitingOn[d] = (waitingOn[d] ?? 0) - 1;
      if (waitingOn[d] === 0 && !emitted[d]) ready.push(d);
    }
  }
  return order;
}

class MinHeap {
  private readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] ?? 0) <= value) break;
      items[i] = items[parent] ?? 0;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] ?? 0) < (items[left] ?? 0) ? right : left;
      if ((items[child] ?? 0) >= last) break;
      items[i] = items[child] ?? 0;
      i = child;
    }
    items[i] = last;
    return top;
  }
}
