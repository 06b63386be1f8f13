/**
 * Which functions of a template something other than CloudFront invokes: the provider of a custom
 * resource (`ServiceToken`), the target of an event source mapping, an EventBridge rule or
 * schedule, an API, a subscription, a bucket notification, a permission for another service, or a
 * SAM `Events` entry. Such a function is not a Lambda@Edge function even when it shares a role that
 * trusts edgelambda.amazonaws.com (helpers often do); the linker skips it unless a distribution
 * runs it.
 */

import { isRecord } from '../parse/values.js';
import { FUNCTION_TYPES, type Template } from './template.js';

/** Resource types whose whole properties name the functions they invoke. */
const INVOKER_TYPES: ReadonlyMap<string, string> = new Map([
  ['AWS::Lambda::EventSourceMapping', 'the target of event source mapping'],
  ['AWS::Events::Rule', 'a target of EventBridge rule'],
  ['AWS::Scheduler::Schedule', 'the target of schedule'],
  ['AWS::ApiGateway::Method', 'the integration of API method'],
  ['AWS::ApiGatewayV2::Integration', 'the integration of API'],
  ['AWS::AppSync::DataSource', 'a data source of AppSync'],
  ['AWS::SNS::Subscription', 'a subscriber of'],
  ['AWS::SNS::Topic', 'a subscriber of topic'],
  ['AWS::S3::Bucket', 'the notification target of bucket'],
  ['AWS::Logs::SubscriptionFilter', 'the destination of log subscription'],
  ['AWS::Cognito::UserPool', 'a trigger of user pool'],
  ['AWS::StepFunctions::StateMachine', 'a task of state machine'],
  ['AWS::IoT::TopicRule', 'an action of IoT rule'],
  ['AWS::Lambda::EventInvokeConfig', 'the subject of event invoke config'],
  ['AWS::SecretsManager::RotationSchedule', 'the rotation function of'],
]);

/** Principals of an `AWS::Lambda::Permission` that mean "used by something other than CloudFront". */
const EDGE_PRINCIPALS = new Set(['edgelambda.amazonaws.com', 'cloudfront.amazonaws.com', 'lambda.amazonaws.com']);

/** Function logical id → why it is not a Lambda@Edge function (the first use found). */
export function nonEdgeUses(template: Template): Map<string, string> {
  const functionIds = new Set([...template.resources.values()].filter((r) => FUNCTION_TYPES.has(r.type)).map((r) => r.id));
  const uses = new Map<string, string>();
  const mark = (ids: Iterable<string>, why: string): void => {
    for (const id of ids) if (!uses.has(id)) uses.set(id, why);
  };
  for (const resource of template.resources.values()) {
    const props = resource.properties;
    if (resource.type === 'AWS::CloudFormation::CustomResource' || resource.type.startsWith('Custom::')) {
      mark(referencedFunctions(props.ServiceToken, functionIds), `the ServiceToken of custom resource ${resource.id}`);
      continue;
    }
    if (resource.type === 'AWS::Serverless::Function' && isRecord(props.Events) && Object.keys(props.Events).length > 0) {
      const [name, event] = Object.entries(props.Events)[0]!;
      const type = isRecord(event) && typeof event.Type === 'string' ? event.Type : 'event';
      mark([resource.id], `the target of its own ${type} event ${name}`);
      continue;
    }
    if (resource.type === 'AWS::Lambda::Permission') {
      const principal = typeof props.Principal === 'string' ? props.Principal : undefined;
      if (principal && !EDGE_PRINCIPALS.has(principal) && principal.endsWith('.amazonaws.com')) {
        mark(referencedFunctions(props.FunctionName, functionIds), `invoked by ${principal} (permission ${resource.id})`);
      }
      continue;
    }
    const why = INVOKER_TYPES.get(resource.type);
    if (why) mark(referencedFunctions(props, functionIds), `${why} ${resource.id}`);
  }
  return uses;
}

const SUB_REFERENCE = /\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g;

/** The function ids a value names through Ref, GetAtt or Sub (bounded walk). */
function referencedFunctions(value: unknown, functionIds: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  let budget = 10_000;
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (budget-- <= 0 || node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    const record = node as Record<string, unknown>;
    const ref = record.Ref;
    if (typeof ref === 'string' && functionIds.has(ref)) found.add(ref);
    const getAtt = record['Fn::GetAtt'];
    const target = Array.isArray(getAtt) ? getAtt[0] : typeof getAtt === 'string' ? getAtt.split('.')[0] : undefined;
    if (typeof target === 'string' && functionIds.has(target)) found.add(target);
    const sub = record['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text) for (const match of text.matchAll(SUB_REFERENCE)) if (functionIds.has(match[1]!)) found.add(match[1]!);
    for (const child of Object.values(record)) walk(child);
  };
  walk(value);
  return found;
}
