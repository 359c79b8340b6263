/**
 * Every HTTP route of a running Nest app, read from the same metadata the router and the
 * ApiKeyGuard read (ADR 0005): path and method of each controller handler, `@Public()`, `@Roles()`
 * (method overrides class; none = admin only), the `@Body()` DTO and whether the route streams
 * (`@ApiProduces('text/event-stream')`). Routes added by anyone are covered without listing them.
 */
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IS_PUBLIC } from '../../../apps/api/src/platform/auth/public.decorator';
import type { Role } from '../../../apps/api/src/platform/auth/role';
import { ALLOWED_ROLES } from '../../../apps/api/src/platform/auth/roles.decorator';

const API_PRODUCES = 'swagger/apiProduces';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteInfo {
  readonly method: HttpMethod;
  /** Nest/Fastify pattern, e.g. `/partners/:partnerId/standing`. */
  readonly path: string;
  /** `GET /partners/:partnerId/standing` */
  readonly id: string;
  readonly params: readonly string[];
  readonly controller: string;
  readonly handler: string;
  readonly isPublic: boolean;
  /** Roles the guard lets through (ignored when public); `['admin']` when the route declares none. */
  readonly allowedRoles: readonly Role[];
  /** Whether `@Roles` was declared at all (false = admin-only by default). */
  readonly declaresRoles: boolean;
  /** The class of the `@Body()` parameter, when the handler takes a whole body DTO. */
  readonly bodyDto: Type<object> | null;
  /** Server-Sent Events: the response never ends, read it from a socket. */
  readonly streaming: boolean;
}

const HTTP_METHODS: Partial<Record<RequestMethod, HttpMethod>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

export function discoverRoutes(app: NestFastifyApplication): RouteInfo[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type<object> | null;
    if (!controller) continue;
    const bases = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    for (const handlerName of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[handlerName] as (...args: unknown[]) => unknown;
      const subPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (subPaths === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const method = HTTP_METHODS[requestMethod];
      if (!method) throw new Error(`${controller.name}.${handlerName}: unsupported request method ${RequestMethod[requestMethod]}`);
      const targets = [handler, controller];
      const declared = reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
      const isPublic = reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true;
      const produces = reflector.getAllAndOverride<string[] | undefined>(API_PRODUCES, targets) ?? [];
      for (const base of bases) {
        for (const sub of asArray(subPaths)) {
          const path = joinPath(base, sub);
          routes.push({
            method,
            path,
            id: `${method} ${path}`,
            params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!),
            controller: controller.name,
            handler: handlerName,
            isPublic,
            allowedRoles: declared ?? ['admin'],
            declaresRoles: declared !== undefined,
            bodyDto: bodyDtoOf(controller, handlerName),
            streaming: produces.includes('text/event-stream'),
          });
        }
      }
    }
  }
  const order = (r: RouteInfo): string => `${r.path} ${r.method}`;
  return routes.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

/** Replaces every `:name` of the route path by `values[name]`, URI-encoded. */
export function fillPath(route: RouteInfo, values: Readonly<Record<string, string>>): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.id}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}

export function isMutating(route: RouteInfo): boolean {
  return route.method !== 'GET';
}

function bodyDtoOf(controller: Type<object>, handlerName: string): Type<object> | null {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handlerName) ?? {}) as Record<string, { index: number; data?: unknown }>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, handlerName) ?? []) as unknown[];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.BODY || arg.data !== undefined) continue;
    const type = types[arg.index];
    if (typeof type === 'function' && type !== Object) return type as Type<object>;
  }
  return null;
}

function asArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value : [value];
}

function joinPath(base: string, sub: string): string {
  const parts = [base, sub].flatMap((p) => p.split('/')).filter((p) => p !== '');
  return `/${parts.join('/')}`;
}
