#!/usr/bin/env python3
"""Measure `enablekit serve` edit-to-reload latency on a generated kit.

Starts the release binary on a free port, opens the live-reload stream,
then edits one objection handler N times (and a template M times) and
records, per edit: file write -> reload event, and file write -> the
edited page served with the new text. Prints median and p95.

Usage: bench/serve_latency.py KIT_DIR [--edits 20] [--template-edits 5]
"""
import argparse, os, re, socket, statistics, subprocess, sys, threading, time, queue, glob, urllib.request

def percentile(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * (len(xs) - 1))))
    return xs[k]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kit")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--template-edits", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "enablekit"))
    a = ap.parse_args()
    kit = os.path.abspath(a.kit)
    proc = subprocess.Popen([a.binary, "serve", "--root", kit, "--port", "0"], stderr=subprocess.PIPE, text=True)
    port = None
    for line in proc.stderr:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if m:
            port = int(m.group(1)); break
    threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
    events = queue.Queue()
    def listen():
        s = socket.create_connection(("127.0.0.1", port))
        # The server answers only its own names (421 otherwise).
        s.sendall(f"GET /__enablekit/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        buf = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.startswith(b"event: "):
                    events.put((time.perf_counter(), line[7:].decode()))
    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)
    target = sorted(glob.glob(os.path.join(kit, "content", "objections", "*.md")))[0]
    slug = os.path.basename(target)[:-3]
    url = f"http://127.0.0.1:{port}/internal/1.0.0/objections/{slug}/"
    urllib.request.urlopen(url).read()
    original = open(target).read()

    def run(kind, path, edit, page_url, marker_fmt, n):
        to_event, to_page = [], []
        base = open(path).read()
        for i in range(n):
            marker = marker_fmt.format(i=i, t=time.time_ns())
            while not events.empty():
                events.get_nowait()
            t0 = time.perf_counter()
            with open(path, "w") as f:
                f.write(edit(base, marker))
            t_ev, name = events.get(timeout=60)
            to_event.append(t_ev - t0)
            while True:
                body = urllib.request.urlopen(page_url).read().decode()
                if marker in body:
                    break
            to_page.append(time.perf_counter() - t0)
            time.sleep(0.3)
        with open(path, "w") as f:
            f.write(base)
        events.get(timeout=60)
        ms = lambda xs: f"{statistics.median(xs)*1000:.0f} ms median, {percentile(xs,95)*1000:.0f} ms p95"
        print(f"{kind} edit ({n}x): write->reload event {ms(to_event)}; write->updated page served {ms(to_page)}")

    run("content", target, lambda b, m: b + f"\n\nEdit {m}.\n", url, "zq{i}x{t}", a.edits)
    if a.template_edits:
        tdir = os.path.join(kit, "themes", "default", "templates")
        os.makedirs(tdir, exist_ok=True)
        tpl = os.path.join(tdir, "404.html")
        existed = os.path.exists(tpl)
        src = os.path.join(os.path.dirname(__file__), "..", "themes", "default", "templates", "item.html")
        item_tpl = os.path.join(tdir, "item.html")
        had_item = os.path.exists(item_tpl)
        if not had_item:
            open(item_tpl, "w").write(open(src).read())
        events.get(timeout=60)
        run("template", item_tpl, lambda b, m: b.replace("{% endblock content %}", f"<p>{m}</p>\n{{% endblock content %}}"), url, "tpl{i}x{t}", a.template_edits)
        if not had_item:
            os.remove(item_tpl)
    proc.send_signal(2)
    proc.wait(timeout=10)

if __name__ == "__main__":
    main()
