/** An agent's browser speaking the console API: it keeps the session cookie and the CSRF token. */
export class ConsoleClient {
  cookie = '';
  csrf = '';
  agent: { id: string; role: string; displayName: string } | null = null;
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<Response> {
    const res = await fetch(`${this.base}/api/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.base },
      body: JSON.stringify({ username, password }),
    });
    if (res.ok) {
      this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      const body = (await res.clone().json()) as { csrfToken: string; agent: ConsoleClient['agent'] };
      this.csrf = body.csrfToken;
      this.agent = body.agent;
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return fetch(`${this.base}/api/console${path}`, { headers: { cookie: this.cookie } });
  }

  async json<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await this.get(path);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}/api/console${path}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, origin: this.base, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  post(path: string, body?: unknown): Promise<Response> {
    return this.send('POST', path, body ?? {});
  }
}
