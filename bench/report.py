#!/usr/bin/env python3
"""Prints bench/run.sh's tables from its raw results (results.tsv, servers.tsv)."""
import csv
import statistics
import sys


def fields(line):
    return dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)


def main(raw_path, info_path):
    loads, startup, extra = [], {}, {}
    for row in open(raw_path):
        kind, rnd, name, line = row.rstrip("\n").split("\t", 3)
        kv = fields(line) if line.startswith("LOADGEN_RESULT") else fields("x " + line)
        if kind == "load":
            kv.update(round=rnd, server=name)
            loads.append(kv)
        elif kind == "startup":
            startup[name] = kv
        else:
            extra[kind] = kv
    info = {r["server"]: r for r in csv.DictReader(open(info_path), delimiter="\t")}

    def cells(mix, server):
        return [r for r in loads if r["mix"] == mix and r["server"] == server]

    def mean(mix, server, key):
        v = [float(r[key]) for r in cells(mix, server) if float(r.get(key, -1)) >= 0]
        return statistics.mean(v) if v else None

    def fmt(x, spec="%.0f"):
        return "-" if x is None else spec % x

    servers = ["limit", "moto", "rsemu"]
    mixes = ["describe-one", "describe-page", "describe-tags", "writes", "authz-heavy"]
    hdr = ["mix", "server", "req/s mean (min-max)", "p50 ms", "p99 ms", "cpu us/req",
           "bad", "rsemu/limit", "rsemu/moto"]
    rows = []
    for mix in mixes:
        for s in servers:
            c = cells(mix, s)
            if not c:
                continue
            rps = [float(r["rps"]) for r in c]
            bad = sum(int(r.get("non2xx", 0)) + int(r.get("errors", 0)) for r in c)
            ratio_l = ratio_m = ""
            if s == "rsemu":
                lim, mot, me = (mean(mix, "limit", "rps"), mean(mix, "moto", "rps"),
                                mean(mix, "rsemu", "rps"))
                ratio_l = "%.2f" % (me / lim) if lim and me else "-"
                ratio_m = "%.0fx" % (me / mot) if mot and me else "-"
            rows.append([mix, s, "%.0f (%.0f-%.0f)" % (statistics.mean(rps), min(rps), max(rps)),
                         "%.2f" % (statistics.median(float(r["p50_us"]) for r in c) / 1000),
                         "%.2f" % (statistics.median(float(r["p99_us"]) for r in c) / 1000),
                         fmt(mean(mix, s, "cpu_us_per_req")), str(bad), ratio_l, ratio_m])
    table(hdr, rows)
    print("(bad = non-2xx + connection errors; limit answers every call with its fixed 1.6 KB "
          "body, so its describe-page row is not a 100-cluster page)")

    print()
    hdr = ["server", "start ms median (min-max)", "RSS idle MB", "RSS after MB"]
    rows = []
    for s in servers:
        st = startup.get(s, {})
        i = info.get(s, {})
        mb = lambda kb: "%.1f" % (int(kb) / 1024) if kb else "-"
        rows.append([s, "%s (%s-%s)" % (st.get("median_ms", "-"), st.get("min_ms", "-"),
                                       st.get("max_ms", "-")),
                     mb(i.get("rss_idle_kb")), mb(i.get("rss_after_kb"))])
    table(hdr, rows)

    sc = extra.get("scale")
    if sc:
        small, big = int(sc["clusters_small"]), int(sc["clusters_big"])
        per = (int(sc["rss_big_kb"]) - int(sc["rss_small_kb"])) * 1024 / (big - small)
        print()
        print("scale: RSS %.1f MB with %d clusters, %.1f MB with %d -> %.0f bytes per cluster "
              "(cluster + automated snapshot + event rows; seeding took %s s)"
              % (int(sc["rss_small_kb"]) / 1024, small, int(sc["rss_big_kb"]) / 1024, big, per,
                 sc["seed_s"]))
        for rnd, n in (("1", small), ("2", big)):
            c = [r for r in loads if r["server"] == "scale" and r["round"] == rnd]
            if c:
                r = c[0]
                print("  DescribeClusters page of 100 with %7d clusters: %7.0f req/s  p50 %.2f ms"
                      "  p99 %.2f ms  cpu %s us/req"
                      % (n, float(r["rps"]), float(r["p50_us"]) / 1000, float(r["p99_us"]) / 1000,
                         r["cpu_us_per_req"]))
    d = [r for r in loads if r["server"] == "durable"]
    if d:
        rps = statistics.mean(float(r["rps"]) for r in d)
        lim = mean("writes", "limit", "rps")
        print()
        print("durable (--data-dir) writes: %.0f req/s, p50 %.2f ms, cpu %s us/req%s"
              % (rps, statistics.median(float(r["p50_us"]) for r in d) / 1000,
                 fmt(statistics.mean(float(r["cpu_us_per_req"]) for r in d)),
                 ", %.2f x limit" % (rps / lim) if lim else ""))
        du = extra.get("durable")
        if du:
            print("  acknowledged creates before kill -9: %s, present after restart: %s"
                  % (du["acked"], du["survived"]))


def table(hdr, rows):
    w = [max(len(str(x)) for x in col) for col in zip(hdr, *rows)]
    line = lambda r: "| " + " | ".join(str(x).ljust(k) for x, k in zip(r, w)) + " |"
    print(line(hdr))
    print("|" + "|".join("-" * (k + 2) for k in w) + "|")
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
