// Lambda, REST-JSON: GetFunctionConfiguration, GetFunction, ListVersionsByFunction, ListFunctions.
import { createHash } from 'node:crypto';
import { decodeToken, encodeToken } from './cloudwatch.js';
import { latestConfig, numberedVersions, REPLICA_PREFIX, type ScenarioIndex } from './data.js';
import type { FunctionVersionSpec, LambdaFunctionSpec } from './scenario.js';
import { AwsError, jsonReply, type Reply } from './wire.js';

export interface LambdaRoute {
  operation: string;
  functionName?: string;
}

export function lambdaRoute(method: string, pathname: string): LambdaRoute {
  if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(pathname)) return { operation: 'ListFunctions' };
  const m = /^\/2015-03-31\/functions\/([^/]+)(\/configuration|\/versions)?\/?$/.exec(pathname);
  if (method === 'GET' && m?.[1] !== undefined) {
    const operation = m[2] === '/configuration' ? 'GetFunctionConfiguration' : m[2] === '/versions' ? 'ListVersionsByFunction' : 'GetFunction';
    return { operation, functionName: decodeURIComponent(m[1]) };
  }
  return { operation: `${method} ${pathname}` };
}

export function handleLambda(idx: ScenarioIndex, region: string, route: LambdaRoute, query: URLSearchParams): Reply {
  switch (route.operation) {
    case 'GetFunctionConfiguration': {
      const r = resolve(idx, region, route.functionName ?? '', query.get('Qualifier'));
      return jsonReply(configuration(idx, region, r.displayName, r.fn, r.spec, r.version, r.qualified, r.replica));
    }
    case 'GetFunction': {
      const r = resolve(idx, region, route.functionName ?? '', query.get('Qualifier'));
      return jsonReply({
        Configuration: configuration(idx, region, r.displayName, r.fn, r.spec, r.version, r.qualified, r.replica),
        Code: {
          RepositoryType: 'S3',
          Location: `https://awslambda-${region}-tasks.s3.${region}.amazonaws.com/snapshots/${idx.scenario.accountId}/${r.displayName}-fake`,
        },
      });
    }
    case 'ListVersionsByFunction':
      return listVersions(idx, region, route.functionName ?? '', query);
    case 'ListFunctions':
      return listFunctions(idx, region, query);
    default:
      throw new AwsError(404, 'UnknownOperationException', `fake-aws: Lambda operation ${route.operation} is not implemented`);
  }
}

interface Resolved {
  fn: LambdaFunctionSpec;
  spec: Omit<FunctionVersionSpec, 'version'>;
  version: string;
  displayName: string;
  qualified: boolean;
  replica: boolean;
}

const NAME_RE = /^[A-Za-z0-9._-]{1,140}$/;
const QUALIFIER_RE = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;

function parseName(raw: string): { name: string; qualifier?: string; region?: string; account?: string } | undefined {
  const arn = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(raw);
  if (arn?.[3] !== undefined) return { region: arn[1], account: arn[2], name: arn[3], qualifier: arn[4] };
  const partial = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(raw);
  if (partial?.[2] !== undefined) return { account: partial[1], name: partial[2], qualifier: partial[3] };
  const plain = /^([^:]+)(?::([^:]+))?$/.exec(raw);
  if (plain?.[1] !== undefined) return { name: plain[1], qualifier: plain[2] };
  return undefined;
}

function notFound(idx: ScenarioIndex, region: string, name: string, qualifier: string | undefined): AwsError {
  const arn = `arn:aws:lambda:${region}:${idx.scenario.accountId}:function:${name}${qualifier && qualifier !== '$LATEST' ? `:${qualifier}` : ''}`;
  return new AwsError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);
}

function resolve(idx: ScenarioIndex, region: string, raw: string, qualifierParam: string | null): Resolved {
  const p = parseName(raw);
  if (!p || !NAME_RE.test(p.name) || (p.qualifier !== undefined && !QUALIFIER_RE.test(p.qualifier))) {
    throw new AwsError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern`,
    );
  }
  if (p.region !== undefined && p.region !== region) {
    throw new AwsError(400, 'InvalidParameterValueException', `Functions from '${p.region}' are not reachable in this region ('${region}')`);
  }
  if (p.account !== undefined && p.account !== idx.scenario.accountId) {
    throw notFound(idx, region, p.name, p.qualifier);
  }
  const qp = qualifierParam === null || qualifierParam === '' ? undefined : qualifierParam;
  if (p.qualifier !== undefined && qp !== undefined && p.qualifier !== qp) {
    throw new AwsError(400, 'InvalidParameterValueException', 'The derived qualifier from the function name does not match the specified qualifier.');
  }
  const qualifier = p.qualifier ?? qp;
  const version = qualifier ?? '$LATEST';
  if (p.name.startsWith(REPLICA_PREFIX)) {
    // a Lambda@Edge replica (only numbered versions exist)
    const master = idx.functions.get(p.name.slice(REPLICA_PREFIX.length));
    const versions = idx.replicas.get(region)?.get(p.name);
    const spec = master?.versions.find((v) => v.version === version);
    if (!master || !versions?.has(version) || !spec) throw notFound(idx, region, p.name, qualifier);
    return { fn: master, spec, version, displayName: p.name, qualified: true, replica: true };
  }
  const fn = region === 'us-east-1' ? idx.functions.get(p.name) : undefined;
  if (!fn) throw notFound(idx, region, p.name, qualifier);
  if (version === '$LATEST') {
    const spec = latestConfig(fn);
    if (!spec) throw notFound(idx, region, p.name, qualifier);
    return { fn, spec, version, displayName: fn.name, qualified: qualifier !== undefined, replica: false };
  }
  const spec = fn.versions.find((v) => v.version === version);
  if (!spec) throw notFound(idx, region, p.name, qualifier);
  return { fn, spec, version, displayName: fn.name, qualified: true, replica: false };
}

function lastModified(iso: string | undefined): string {
  return new Date(iso ?? '2026-09-01T12:00:00Z').toISOString().replace('Z', '+0000');
}

function configuration(
  idx: ScenarioIndex,
  region: string,
  displayName: string,
  fn: LambdaFunctionSpec,
  v: Omit<FunctionVersionSpec, 'version'>,
  version: string,
  qualified: boolean,
  replica: boolean,
): Record<string, unknown> {
  const acct = idx.scenario.accountId;
  const base = `arn:aws:lambda:${region}:${acct}:function:${displayName}`;
  const sha = v.codeSha256 ?? createHash('sha256').update(`${fn.name}:${version}`).digest('base64');
  const c: Record<string, unknown> = {
    FunctionName: displayName,
    FunctionArn: qualified ? `${base}:${version}` : base,
    Runtime: v.runtime,
    Role: v.role ?? fn.role ?? `arn:aws:iam::${acct}:role/${fn.name}-edge-role`,
    Handler: v.handler ?? 'index.handler',
    CodeSize: v.codeSize,
    Description: v.description ?? '',
    Timeout: v.timeout,
    MemorySize: v.memorySize,
    LastModified: lastModified(v.lastModified),
    CodeSha256: sha,
    Version: version,
    TracingConfig: { Mode: v.tracingMode ?? 'PassThrough' },
    RevisionId: `0e5f6c1a-0000-4000-8000-${createHash('sha1').update(`${displayName}:${version}`).digest('hex').slice(0, 12)}`,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: v.packageType ?? 'Zip',
    Architectures: v.architectures ?? ['x86_64'],
    EphemeralStorage: { Size: v.ephemeralStorageMb ?? 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${displayName}` },
  };
  if (replica) c.MasterArn = `arn:aws:lambda:us-east-1:${acct}:function:${fn.name}`;
  if (v.environment && Object.keys(v.environment).length > 0) c.Environment = { Variables: v.environment };
  if (v.layers && v.layers.length > 0) c.Layers = v.layers.map((l) => ({ Arn: l.arn, CodeSize: l.codeSize }));
  if (v.vpcConfig) {
    c.VpcConfig = {
      SubnetIds: v.vpcConfig.subnetIds,
      SecurityGroupIds: v.vpcConfig.securityGroupIds,
      VpcId: v.vpcConfig.vpcId ?? '',
      Ipv6AllowedForDualStack: false,
    };
  }
  if (v.deadLetterTargetArn) c.DeadLetterConfig = { TargetArn: v.deadLetterTargetArn };
  return c;
}

function pageParams(query: URLSearchParams, hash: string, pageSize: number): { offset: number; size: number } {
  const marker = query.get('Marker');
  const offset = marker ? (decodeToken(marker, hash, 'InvalidParameterValueException').o ?? 0) : 0;
  const maxRaw = query.get('MaxItems');
  let max = 50;
  if (maxRaw !== null && maxRaw !== '') {
    max = Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > 10_000) {
      throw new AwsError(400, 'InvalidParameterValueException', `MaxItems ${maxRaw} is out of range (1-10000).`);
    }
  }
  return { offset, size: Math.min(max, Math.max(1, pageSize)) };
}

function paged<T>(items: T[], offset: number, size: number, hash: string, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = { [key]: items.slice(offset, offset + size) };
  if (offset + size < items.length) out.NextMarker = encodeToken({ o: offset + size, h: hash });
  return out;
}

function listVersions(idx: ScenarioIndex, region: string, rawName: string, query: URLSearchParams): Reply {
  const p = parseName(rawName);
  if (!p || p.qualifier !== undefined) {
    throw new AwsError(400, 'InvalidParameterValueException', 'ListVersionsByFunction takes an unqualified function name.');
  }
  if (p.region !== undefined && p.region !== region) {
    throw new AwsError(400, 'InvalidParameterValueException', `Functions from '${p.region}' are not reachable in this region ('${region}')`);
  }
  let items: Record<string, unknown>[];
  if (p.name.startsWith(REPLICA_PREFIX)) {
    const master = idx.functions.get(p.name.slice(REPLICA_PREFIX.length));
    const versions = idx.replicas.get(region)?.get(p.name);
    if (!master || !versions) throw notFound(idx, region, p.name, undefined);
    items = numberedVersions(master)
      .reverse()
      .filter((v) => versions.has(v.version))
      .map((v) => configuration(idx, region, p.name, master, v, v.version, true, true));
  } else {
    const fn = region === 'us-east-1' ? idx.functions.get(p.name) : undefined;
    const latest = fn ? latestConfig(fn) : undefined;
    if (!fn || !latest) throw notFound(idx, region, p.name, undefined);
    items = [
      configuration(idx, region, fn.name, fn, latest, '$LATEST', true, false),
      ...numberedVersions(fn)
        .reverse()
        .map((v) => configuration(idx, region, fn.name, fn, v, v.version, true, false)),
    ];
  }
  const hash = `versions:${region}:${p.name}`;
  const { offset, size } = pageParams(query, hash, idx.pageSizes.listVersionsByFunction);
  return jsonReply(paged(items, offset, size, hash, 'Versions'));
}

function listFunctions(idx: ScenarioIndex, region: string, query: URLSearchParams): Reply {
  const masterRegion = query.get('MasterRegion');
  const fv = query.get('FunctionVersion');
  if (fv !== null && fv !== 'ALL') {
    throw new AwsError(
      400,
      'ValidationException',
      `1 validation error detected: Value '${fv}' at 'functionVersion' failed to satisfy constraint: Member must satisfy enum value set: [ALL]`,
    );
  }
  if (masterRegion !== null && fv !== 'ALL') {
    throw new AwsError(400, 'InvalidParameterValueException', 'FunctionVersion must be ALL when MasterRegion is specified.');
  }
  // The listing's items in order, each built only when it is on the page asked for.
  const items: (() => Record<string, unknown>)[] = [];
  if (masterRegion !== null) {
    if (masterRegion === 'us-east-1' || masterRegion === 'ALL') {
      const replicas = idx.replicas.get(region) ?? new Map<string, Set<string>>();
      for (const name of [...replicas.keys()].sort()) {
        const master = idx.functions.get(name.slice(REPLICA_PREFIX.length));
        const versions = replicas.get(name);
        if (!master || !versions) continue;
        for (const v of numberedVersions(master).reverse()) {
          if (versions.has(v.version)) items.push(() => configuration(idx, region, name, master, v, v.version, true, true));
        }
      }
    }
  } else if (region === 'us-east-1') {
    for (const fn of [...idx.functions.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const latest = latestConfig(fn);
      if (!latest) continue;
      items.push(() => configuration(idx, region, fn.name, fn, latest, '$LATEST', fv === 'ALL', false));
      if (fv === 'ALL') {
        for (const v of numberedVersions(fn).reverse()) {
          items.push(() => configuration(idx, region, fn.name, fn, v, v.version, true, false));
        }
      }
    }
  }
  const hash = `functions:${region}:${masterRegion ?? ''}:${fv ?? ''}`;
  const { offset, size } = pageParams(query, hash, idx.pageSizes.listFunctions);
  const page = paged(items, offset, size, hash, 'Functions');
  page.Functions = (page.Functions as (() => Record<string, unknown>)[]).map((build) => build());
  return jsonReply(page);
}
