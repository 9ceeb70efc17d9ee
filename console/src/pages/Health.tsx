import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';

interface HealthAnswer {
  status: string;
  services: Record<string, { status: string; mode: string; detail?: string }>;
  timestamp: string;
}
interface SystemHealth {
  status: string;
  version: string;
  storage: Record<string, { status: string; latency_ms: number; [key: string]: unknown }>;
}

export function Health() {
  const [guards, setGuards] = useState<HealthAnswer | null>(null);
  const [system, setSystem] = useState<SystemHealth | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<HealthAnswer>('GET', '/api/v1/guards/health')
      .then(setGuards)
      .catch((err: Error) => setError(err.message));
    fetch('/health')
      .then((r) => r.json() as Promise<SystemHealth>)
      .then(setSystem)
      .catch((err: Error) => setError(err.message));
  }, []);

  const storage = system ? Object.entries(system.storage) : [];

  return (
    <section aria-labelledby="health-title">
      <h1 id="health-title" tabIndex={-1}>
        Health
      </h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {system && (
        <p>
          Gateway {system.version}: <span class={`badge h-${system.status}`}>{system.status}</span>
        </p>
      )}
      {storage.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Storage</caption>
            <tbody>
              {storage.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name === 'kv' ? 'key-value store' : name}</th>
                  <td>
                    <span class={`badge h-${value.status}`}>{value.status}</span>
                  </td>
                  <td>{value.latency_ms.toFixed(1)} ms</td>
                  <td>
                    {Object.entries(value)
                      .filter(([k]) => k !== 'status' && k !== 'latency_ms')
                      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {guards && (
        <div class="table-wrap">
          <table>
            <caption>Guards</caption>
            <thead>
              <tr>
                <th scope="col">Guard</th>
                <th scope="col">Status</th>
                <th scope="col">Mode</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(guards.services).map(([name, s]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <span class={`badge h-${s.status}`}>{s.status}</span>
                  </td>
                  <td>{s.mode}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
