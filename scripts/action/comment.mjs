// One pull-request comment per pull request, edited on each push: the comment carries a hidden
// marker, and the next run finds it (every page of the comments) and edits it instead of adding one.
// GitHub REST API with the job token; `fetch` is Node's (no dependency).

export const MARKER = '<!-- edgecost-diff: this comment is edited on each push -->';
/** GitHub rejects comment bodies over 65,536 characters. */
const MAX_BODY = 65_000;

function headers(token) {
  return {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'user-agent': 'edgecost-action',
    'x-github-api-version': '2022-11-28',
  };
}

async function call(method, url, token, body) {
  const response = await fetch(url, { method, headers: headers(token), ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new Error(`GitHub API ${method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return response.status === 204 ? undefined : response.json();
}

export function withMarker(markdown) {
  const body = `${MARKER}\n${markdown}`;
  return body.length <= MAX_BODY ? body : `${body.slice(0, MAX_BODY)}\n\n… (cut: the full diff is in the job log)\n`;
}

/** Creates the comment, or edits the one an earlier run left (found by its marker). Returns `{ id, action }`. */
export async function upsertComment({ apiUrl, repository, issueNumber, token, markdown }) {
  const base = `${apiUrl.replace(/\/$/, '')}/repos/${repository}`;
  let existing;
  for (let page = 1; page <= 100 && !existing; page++) {
    const comments = await call('GET', `${base}/issues/${issueNumber}/comments?per_page=100&page=${page}`, token);
    const ours = comments.filter((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
    existing = ours.find((c) => c.user?.type === 'Bot') ?? ours[0];
    if (comments.length < 100) break;
  }
  const body = withMarker(markdown);
  if (existing) {
    await call('PATCH', `${base}/issues/comments/${existing.id}`, token, { body });
    return { id: existing.id, action: 'edited' };
  }
  const created = await call('POST', `${base}/issues/${issueNumber}/comments`, token, { body });
  return { id: created.id, action: 'created' };
}
