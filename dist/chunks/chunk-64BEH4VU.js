import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);

// src/compare/missing.ts
function groupMissing(collect, group) {
  const listed = collect.missing?.find((m) => m.metric === "processes" && m.group === group.name);
  if (listed) return listed.reason;
  if (group.pids.length === 0) return `no process of group "${group.name}" was sampled`;
  if (group.cpuPct.samples === 0)
    return `no sample of group "${group.name}" in the loaded interval`;
  return null;
}
function accessLogMissing(collect) {
  if (collect === null) return null;
  const listed = collect.missing?.find((m) => m.metric === "access-log");
  if (listed) return listed.reason;
  if (collect.join && collect.join.sent > 0 && collect.join.joined === 0)
    return `none of the ${collect.join.sent} requests sent was found in ${collect.log.path}`;
  return null;
}
function summarizeMissing(items, max = 3) {
  const grouped = /* @__PURE__ */ new Map();
  for (const item of items) {
    const key = `${item.side}
${item.reason}`;
    grouped.set(key, [...grouped.get(key) ?? [], item.round]);
  }
  const parts = [...grouped].map(([key, rounds]) => {
    const [side, reason] = key.split("\n");
    return `${side} round${rounds.length > 1 ? "s" : ""} ${rounds.join(", ")}: ${reason}`;
  });
  return parts.length > max ? `${parts.slice(0, max).join("; ")}; and ${parts.length - max} more` : parts.join("; ");
}
function withoutMissingLogVerdicts(baselineRun, candidateRun, baseline, candidate) {
  const missing = [];
  const strip = (run, side, records) => {
    const why = accessLogMissing(run.quality?.collect ?? null);
    if (why === null) return records;
    missing.push(
      `The ${side}'s access log gave no data (${why}): its blocks are judged by status code only.`
    );
    const stripped = new Map(
      [...records.records].map(([k, r]) => {
        const { blocked: _blocked, ...rest } = r;
        return [k, rest];
      })
    );
    return { ...records, records: stripped };
  };
  return {
    baseline: strip(baselineRun, "baseline", baseline),
    candidate: strip(candidateRun, "candidate", candidate),
    missing
  };
}

// src/compare/round-values.ts
function roundValues(round, wafGroups, notes) {
  const completed = round.replay.totals.completed;
  if (!(completed > 0)) return "no completed requests";
  const values = /* @__PURE__ */ new Map();
  const missing = /* @__PURE__ */ new Map();
  values.set("qps", round.replay.rps);
  if (round.replay.latency.summary.count > 0) {
    values.set("latencyP50Us", round.replay.latency.summary.p50Us);
    values.set("latencyP99Us", round.replay.latency.summary.p99Us);
  } else {
    missing.set("latencyP50Us", "no latency recorded");
    missing.set("latencyP99Us", "no latency recorded");
  }
  const groups = /* @__PURE__ */ new Map();
  const collect = round.collect;
  const collected = collect?.processes.groups ?? [];
  let exactCpu = { missing: "no collect results" };
  if (collect === null) missing.set("cpuMsPerRequest", "no collect results");
  else if (collected.length === 0) missing.set("cpuMsPerRequest", "no process group collected");
  if (collect !== null && collected.length > 0) {
    let waf = collected.filter((g) => wafGroups.includes(g.name));
    if (waf.length === 0) {
      notes.add(
        `No process group named ${wafGroups.join(", ")}: WAF CPU per request sums every group (${collected.map((g) => g.name).join(", ")}).`
      );
      waf = collected;
    }
    exactCpu = exactPerRequest(waf, completed);
    const wafMissing = waf.map((g) => groupMissing(collect, g)).find((why) => why !== null);
    if (wafMissing) missing.set("cpuMsPerRequest", wafMissing);
    else values.set("cpuMsPerRequest", waf.reduce((s, g) => s + g.cpuTimeMs, 0) / completed);
    for (const g of collected) {
      const why = groupMissing(collect, g);
      if (why !== null) {
        missing.set(`cpuPct:${g.name}`, why);
        missing.set(`rssBytes:${g.name}`, why);
        continue;
      }
      groups.set(g.name, {
        cpuPct: g.cpuPct.mean,
        rssBytes: g.rssBytes.mean,
        cpuMsPerRequest: (g.exactCpu?.cpuMs ?? g.cpuTimeMs) / completed
      });
      values.set(`cpuPct:${g.name}`, g.cpuPct.mean);
      values.set(`rssBytes:${g.name}`, g.rssBytes.mean);
    }
  }
  return {
    round: round.round,
    values,
    exactCpu,
    groups,
    missing,
    groupNames: collected.map((g) => g.name)
  };
}
function exactPerRequest(waf, completed) {
  const lacking = waf.find((g) => g.exactCpu === void 0);
  if (lacking !== void 0)
    return {
      missing: lacking.exactCpuMissing ? `group "${lacking.name}": ${lacking.exactCpuMissing}` : "no load-start/load-end marks in collect.json (collected before exact CPU marks existed, or by collect start/stop)"
    };
  const exact = waf.map((g) => g.exactCpu);
  return {
    cpuMsPerRequest: exact.reduce((s, e) => s + e.cpuMs, 0) / completed,
    errorMsPerRequest: exact.reduce((s, e) => s + e.errorMs, 0) / completed,
    maxReadMs: Math.max(...exact.flatMap((e) => [e.readMs.start, e.readMs.end])),
    method: exact.every((e) => e.method === "reaped") ? "reaped" : "last-reading"
  };
}
function missingIn(side, r, id) {
  const reason = r.missing.get(id);
  return reason === void 0 ? [] : [{ side, round: r.round, reason }];
}

export {
  summarizeMissing,
  withoutMissingLogVerdicts,
  roundValues,
  missingIn
};
