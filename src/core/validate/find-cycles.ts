/**
 * The loops of a directed graph given as successor lists over nodes `0…n-1`: one cycle per
 * strongly connected component that has one (a node with an edge to itself included). Each
 * cycle starts at the component's lowest-numbered node and is a shortest way back to it, so a
 * caller that numbers nodes in document order gets stable, readable cycles.
 *
 * Tarjan's algorithm with an explicit stack, then one breadth-first search per component: linear
 * in nodes + edges, and no recursion, so a 10,000-task dependency chain cannot overflow the stack.
 */
export function findCycles(successors: readonly (readonly number[])[]): { cycle: number[]; component: number[] }[] {
  const n = successors.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  const frames: number[] = [];
  const nextEdge: number[] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    frames.push(root);
    nextEdge.push(0);
    while (frames.length > 0) {
      const top = frames.length - 1;
      const v = frames[top]!;
      const edges = successors[v]!;
      const i = nextEdge[top]!;
      if (i < edges.length) {
        nextEdge[top] = i + 1;
        const w = edges[i]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push(w);
          nextEdge.push(0);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      frames.pop();
      nextEdge.pop();
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          componentOf[w] = components.length;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
      const parent = frames.at(-1);
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[v]!);
    }
  }

  const cycles: { cycle: number[]; component: number[] }[] = [];
  const previous = new Int32Array(n).fill(-1);
  for (const [id, component] of components.entries()) {
    const start = minOf(component);
    if (component.length === 1 && !successors[start]!.includes(start)) continue;
    cycles.push({ cycle: shortestCycle(start, id), component: component.sort((a, b) => a - b) });
  }
  return cycles.sort((a, b) => a.cycle[0]! - b.cycle[0]!);

  function shortestCycle(start: number, component: number): number[] {
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const v = queue[head]!;
      for (const w of successors[v]!) {
        if (componentOf[w] !== component) continue;
        if (w === start) {
          const path: number[] = [];
          for (let u = v; u !== start; u = previous[u]!) path.push(u);
          path.push(start);
          return path.reverse();
        }
        if (previous[w] === -1) {
          previous[w] = v;
          queue.push(w);
        }
      }
    }
    // Unreachable: every node of a strongly connected component reaches every other.
    return [start];
  }
}

function minOf(values: readonly number[]): number {
  let min = Infinity;
  for (const value of values) if (value < min) min = value;
  return min;
}
