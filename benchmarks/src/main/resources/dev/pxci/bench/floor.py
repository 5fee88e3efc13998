"""The benchmark's floor: the reads of pxci's no-op apply made by the smallest client that can.

GET /version, /nodes and /cluster/resources?type=vm, then every listed container's config, on a
thread pool of --parallelism workers, each with its own kept-alive HTTPS connection, the server's
certificate checked against REQUESTS_CA_BUNDLE and the API token from the environment (never the
command line). No JVM, no framework: what is left is the round trips. Prints how many configs it
read; fails when that is not --expect.
"""
import argparse
import http.client
import json
import os
import ssl
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parallelism", type=int, required=True)
    parser.add_argument("--expect", type=int, required=True)
    args = parser.parse_args()
    url = urllib.parse.urlsplit(os.environ["PXCI_PROXMOX_URL"])
    auth = "PVEAPIToken=%s=%s" % (os.environ["PXCI_PROXMOX_TOKEN"], os.environ["PXCI_PROXMOX_SECRET"])
    tls = ssl.create_default_context(cafile=os.environ["REQUESTS_CA_BUNDLE"])
    local = threading.local()

    def get(path):
        if not hasattr(local, "connection"):
            local.connection = http.client.HTTPSConnection(url.hostname, url.port, context=tls, timeout=60)
        local.connection.request("GET", "/api2/json" + path, headers={"Authorization": auth})
        response = local.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError("GET %s answered %d" % (path, response.status))
        return json.loads(body)["data"]

    get("/version")
    get("/nodes")
    listed = [r for r in get("/cluster/resources?type=vm") if r.get("type") == "lxc"]
    with ThreadPoolExecutor(max_workers=args.parallelism) as pool:
        configs = list(pool.map(lambda r: get("/nodes/%s/lxc/%d/config" % (r["node"], r["vmid"])), listed))
    print("read %d configs" % len(configs))
    if len(configs) != args.expect:
        sys.exit("expected %d containers" % args.expect)


if __name__ == "__main__":
    main()
