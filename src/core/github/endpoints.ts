/**
 * The GitHub REST endpoints Specwright calls, as `client.rest.<scope>.<method>` with the same
 * names, routes and types as @octokit/rest's, without its table of all of GitHub's endpoints.
 * Each is `octokit.request.defaults(route)`, as there, so `client.paginate.iterator(method, …)`
 * works on them too. A new call needs its line here.
 */
import type { Octokit } from '@octokit/core';
import type { Api } from '@octokit/plugin-rest-endpoint-methods';

type RestEndpointMethods = Api['rest'];

const ROUTES = {
  issues: {
    create: 'POST /repos/{owner}/{repo}/issues',
    update: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    listForRepo: 'GET /repos/{owner}/{repo}/issues',
  },
  repos: {
    get: 'GET /repos/{owner}/{repo}',
    getContent: 'GET /repos/{owner}/{repo}/contents/{path}',
  },
  users: {
    getAuthenticated: 'GET /user',
  },
} as const;

type Routes = typeof ROUTES;

/** The methods of ROUTES, typed as @octokit/rest types them. */
export type SpecwrightRest = { [S in keyof Routes]: Pick<RestEndpointMethods[S], keyof Routes[S] & keyof RestEndpointMethods[S]> };

/** Octokit plugin: `rest` with the methods of ROUTES. */
export function specwrightEndpoints(octokit: Octokit): { rest: SpecwrightRest } {
  const scope = <S extends keyof Routes>(routes: Routes[S]) =>
    Object.fromEntries(Object.entries(routes).map(([name, route]) => {
      const [method, url] = (route as string).split(' ');
      return [name, octokit.request.defaults({ method, url })];
    }));
  return { rest: { issues: scope(ROUTES.issues), repos: scope(ROUTES.repos), users: scope(ROUTES.users) } as unknown as SpecwrightRest };
}
