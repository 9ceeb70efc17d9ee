import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, type Stats, type Usage, type Verdict } from '../api';
import { VerdictBadge } from './Playground';

const RANGES = [
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
] as const;
const VERDICTS: Verdict[] = ['allow', 'flag', 'block', 'error'];
const VERDICT_COLORS: Record<Verdict, string> = {
  allow: '#1a7f37',
  flag: '#9a6700',
  block: '#cf222e',
  error: '#6e7781',
};
const VERDICT_PALETTE = VERDICTS.map((v) => VERDICT_COLORS[v]);
const PALETTE = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#bc4c00', '#57606a', '#0a7480'];

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** One row per bucket from `from` to `to`, one series per key, zero where nothing was recorded. */
function align(
  stats: Stats,
  keyOf: (row: Stats['series'][number]) => string,
  keys: string[],
): uPlot.AlignedData {
  const step = stats.bucket_seconds;
  const first = Date.parse(stats.from) / 1000;
  const last = Math.floor(Date.parse(stats.to) / 1000 / step) * step;
  const xs: number[] = [];
  for (let t = first; t <= last; t += step) xs.push(t);
  const index = new Map(xs.map((t, i) => [t, i]));
  const ys = keys.map(() => new Array<number>(xs.length).fill(0));
  for (const row of stats.series) {
    const i = index.get(Date.parse(row.t) / 1000);
    const k = keys.indexOf(keyOf(row));
    if (i !== undefined && k >= 0) ys[k]![i]! += row.count;
  }
  return [xs, ...ys];
}

function Chart({
  title,
  data,
  names,
  colors,
}: {
  title: string;
  data: uPlot.AlignedData;
  names: string[];
  colors: string[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth),
        height: 220,
        series: [
          {},
          ...names.map((label, i) => ({
            label,
            stroke: colors[i % colors.length],
            width: 2,
            points: { show: true, size: 5 },
          })),
        ],
        axes: [{}, { label: 'calls' }],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      data,
      el,
    );
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, el.clientWidth), height: 220 }),
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [data, names, colors]);
  return (
    <figure class="card chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title} (the table below has the same figures)`} />
    </figure>
  );
}

/** This month's use of one quota of the tier, as a bar when the tier has a limit. */
function QuotaTile({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const id = `quota-${label.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <div class="card tile">
      <span class="tile-label" id={id}>
        {label}
      </span>
      <span class="tile-value" data-testid={id}>
        {used.toLocaleString('en')}
        <small> / {limit === null ? 'unlimited' : limit.toLocaleString('en')}</small>
      </span>
      {limit !== null && (
        <progress class="quota" max={limit} value={Math.min(used, limit)} aria-labelledby={id} />
      )}
    </div>
  );
}

export function Dashboard() {
  const [range, setRange] = useState<string>('1h');
  const [stats, setStats] = useState<Stats | null>(null);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = (r: string) =>
    Promise.all([
      api<Stats>('GET', `/api/v1/stats/guard-operations?range=${r}`),
      // The month's quota does not depend on the range; asked again with it so Refresh updates both.
      api<Usage>('GET', '/api/v1/usage'),
    ])
      .then(([s, u]) => {
        setStats(s);
        setUsage(u);
        setError(null);
      })
      .catch((err: Error) => setError(err.message));
  useEffect(() => {
    void load(range);
  }, [range]);

  // Stable between renders, so the charts are drawn again only when the figures change.
  const charts = useMemo(() => {
    if (!stats) return null;
    const guards = stats.guards.map((g) => g.guard);
    return {
      guards,
      perGuard: align(stats, (r) => r.guard, guards),
      perVerdict: align(stats, (r) => r.verdict, VERDICTS),
    };
  }, [stats]);
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title" tabIndex={-1}>
        Dashboard
      </h1>
      <div class="row">
        <label for="range">Time range</label>
        <select id="range" value={range} onChange={(e) => setRange(e.currentTarget.value)}>
          {RANGES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" class="secondary" onClick={() => void load(range)}>
          Refresh
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {usage && (
        <section class="card" aria-labelledby="quota-title" data-testid="quota">
          <h2 id="quota-title">
            Quota this month ({usage.month.month}, tier {usage.quota.tier})
          </h2>
          <div class="tiles">
            <QuotaTile label="Calls" used={usage.month.calls} limit={usage.quota.monthly_calls} />
            <QuotaTile label="Tokens" used={usage.month.tokens} limit={usage.quota.monthly_tokens} />
          </div>
        </section>
      )}
      {stats && (
        <>
          <div class="tiles">
            <div class="card tile">
              <span class="tile-label">Guard calls</span>
              <span class="tile-value" data-testid="total-requests">
                {stats.totals.requests}
              </span>
            </div>
            <div class="card tile">
              <span class="tile-label">Blocked</span>
              <span class="tile-value" data-testid="total-blocked">
                {stats.totals.blocked}
              </span>
            </div>
            <div class="card tile">
              <span class="tile-label">Block rate</span>
              <span class="tile-value">{pct(stats.totals.block_rate)}</span>
            </div>
          </div>
          {stats.totals.requests === 0 || !charts ? (
            <p>No guard calls in this range yet. Run some in the playground or through the API.</p>
          ) : (
            <div class="charts">
              <Chart title="Calls per guard" data={charts.perGuard} names={charts.guards} colors={PALETTE} />
              <Chart
                title="Verdicts, all guards"
                data={charts.perVerdict}
                names={VERDICTS}
                colors={VERDICT_PALETTE}
              />
            </div>
          )}
          {stats.top_finding_types.length > 0 && (
            <div class="card">
              <h2 id="top-types">Top finding types</h2>
              <ol class="bars" aria-labelledby="top-types" data-testid="top-finding-types">
                {stats.top_finding_types.map((t) => (
                  <li key={t.type}>
                    <span class="bar-label">{t.type}</span>
                    <span class="bar-track" aria-hidden="true">
                      <span
                        class="bar-fill"
                        style={{ width: `${(100 * t.calls) / stats.top_finding_types[0]!.calls}%` }}
                      />
                    </span>
                    <span class="bar-value">
                      {t.calls} {t.calls === 1 ? 'call' : 'calls'}
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          )}
          <div class="table-wrap">
            <table data-testid="guard-stats">
              <caption>Per guard ({RANGES.find(([v]) => v === range)?.[1].toLowerCase()})</caption>
              <thead>
                <tr>
                  <th scope="col">Guard</th>
                  <th scope="col">Calls</th>
                  {VERDICTS.map((v) => (
                    <th scope="col" key={v}>
                      <VerdictBadge verdict={v} />
                    </th>
                  ))}
                  <th scope="col">Block rate</th>
                  <th scope="col">Findings</th>
                  <th scope="col">p50 ms</th>
                  <th scope="col">p95 ms</th>
                  <th scope="col">p99 ms</th>
                </tr>
              </thead>
              <tbody>
                {stats.guards.map((g) => (
                  <tr key={g.guard} data-guard={g.guard}>
                    <th scope="row">{g.guard}</th>
                    <td class="calls">{g.requests}</td>
                    {VERDICTS.map((v) => (
                      <td key={v}>{g.verdicts[v]}</td>
                    ))}
                    <td>{pct(g.block_rate)}</td>
                    <td>{g.findings}</td>
                    <td>{g.latency_ms.p50.toFixed(2)}</td>
                    <td>{g.latency_ms.p95.toFixed(2)}</td>
                    <td>{g.latency_ms.p99.toFixed(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
