import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/** GitHub's node limits: every connection needs `first` or `last` in 1–100; a call may ask for 500,000 nodes. */
export const NODE_LIMITS = { pageSize: 100, nodes: 500_000 } as const;

export interface CostProblem {
  type: "MISSING_PAGINATION_BOUNDARIES" | "EXCESSIVE_PAGINATION" | "MAX_NODE_LIMIT_EXCEEDED";
  path: string[];
  message: string;
}

export interface Cost {
  /** Rate-limit points: the connections' requests ÷ 100, rounded, at least 1. */
  points: number;
  nodes: number;
  problems: CostProblem[];
}

function argumentValue(value: ValueNode | undefined, variables: Record<string, unknown>): unknown {
  if (value === undefined) return undefined;
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.NULL) return null;
  return undefined;
}

/**
 * The points and node count of an operation, as GitHub computes them before running it
 * (https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api):
 * each connection needs as many requests as its parents could return nodes, and is assumed to
 * return as many nodes as its `first`/`last` asks for. A connection without `first`/`last`, or
 * with one outside 1–100, is refused before anything runs.
 */
export function operationCost(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>, variables: Record<string, unknown>): Cost {
  let requests = 0;
  let nodes = 0;
  const problems: CostProblem[] = [];

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, multiplier: number, path: string[], seen: Set<string>): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition === undefined ? parent : (schema.getType(selection.typeCondition.name.value) ?? parent);
        walk(selection.selectionSet, type, multiplier, path, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment === undefined || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) ?? parent;
        walk(fragment.selectionSet, type, multiplier, path, new Set([...seen, fragment.name.value]));
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const definition = parent.getFields()[selection.name.value];
      if (definition === undefined) continue;
      const type = getNamedType(definition.type) as GraphQLCompositeType;
      const fieldPath = [...path, selection.alias?.value ?? selection.name.value];
      let inner = multiplier;
      const isConnection = type.name.endsWith("Connection") && definition.args.some((arg) => arg.name === "first");
      if (isConnection) {
        const argument = (name: string): unknown => argumentValue(selection.arguments?.find((arg) => arg.name.value === name)?.value, variables);
        const first = argument("first");
        const last = argument("last");
        const size = typeof first === "number" ? first : typeof last === "number" ? last : undefined;
        const name = selection.name.value;
        if (size === undefined) {
          problems.push({ type: "MISSING_PAGINATION_BOUNDARIES", path: fieldPath, message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.` });
        } else if (size < 0 || size > NODE_LIMITS.pageSize) {
          const which = typeof first === "number" ? "first" : "last";
          problems.push({ type: "EXCESSIVE_PAGINATION", path: fieldPath, message: `Requesting ${size} records on the \`${name}\` connection exceeds the \`${which}\` limit of ${NODE_LIMITS.pageSize} records.` });
        }
        requests += multiplier;
        inner = multiplier * (size ?? 0);
        nodes += inner;
      }
      if (selection.selectionSet !== undefined) walk(selection.selectionSet, type, inner, fieldPath, seen);
    }
  };

  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  if (root !== null && root !== undefined) walk(operation.selectionSet, root, 1, [operation.operation], new Set());
  if (nodes > NODE_LIMITS.nodes) {
    problems.push({ type: "MAX_NODE_LIMIT_EXCEEDED", path: [operation.operation], message: `This query requests up to ${nodes.toLocaleString("en-US")} possible nodes which exceeds the maximum limit of ${NODE_LIMITS.nodes.toLocaleString("en-US")}.` });
  }
  return { points: Math.max(1, Math.round(requests / 100)), nodes, problems };
}
