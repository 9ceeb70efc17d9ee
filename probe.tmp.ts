import { readJsonl } from './eval/lib/datasets.js';
import { evidence } from './src/guards/securityguard/injection/detector.js';
import { adversarialSuffix } from './src/guards/securityguard/injection/suffix.js';
const rows = readJsonl<{text:string,label:string,source:string}>('injection/dev.jsonl');
const which = process.argv[2];
if (which === 'gcg') {
  for (const r of rows.filter(r=>r.source==='jailbreakbench-gcg').slice(0,15)) console.log(adversarialSuffix(r.text).score.toFixed(2), JSON.stringify(r.text.slice(-120)));
  const b = rows.filter(r=>r.label==='benign').map(r=>({s:adversarialSuffix(r.text).score,t:r.text})).filter(x=>x.s>0);
  console.log('benign suffix>0:', b.length); for (const x of b.slice(0,8)) console.log(x.s.toFixed(2), JSON.stringify(x.t.slice(-150)));
} else if (which === 'pair') {
  for (const r of rows.filter(r=>r.source==='jailbreakbench-pair').slice(0,25)) console.log('-', JSON.stringify(r.text.slice(0,600)));
} else if (which === 'fp') {
  for (const r of rows.filter(r=>r.label==='benign')) { const e = evidence(r.text); if (e.patternScore>0.3) console.log(e.patternScore.toFixed(2), e.hits.map(h=>h.id).join(','), JSON.stringify(r.text.slice(0,200))); }
} else if (which === 'miss') {
  for (const r of rows.filter(r=>r.label==='attack' && r.source===process.argv[3])) { const e = evidence(r.text); if (e.patternScore<0.9) console.log(e.patternScore.toFixed(2), e.hits.map(h=>h.id).join(','), JSON.stringify(r.text.slice(0,300))); }
}
