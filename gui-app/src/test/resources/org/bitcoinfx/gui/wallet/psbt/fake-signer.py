#!/usr/bin/env python3
"""A fake external signer for bitcoin-node's -signer (test scope, Bitcoin FX's own).

Speaks the tool protocol of Bitcoin Core's doc/external-signer.md: `enumerate`,
`--fingerprint F --chain C getdescriptors --account N`, `--fingerprint F --chain C displayaddress --desc D`,
and `--stdin --fingerprint F --chain C` with `signtx <psbt>` on stdin. What it answers comes from
fake-signer.json next to this file, written by the test:
  {"fingerprint": "...", "model": "...", "receive": [descriptors], "internal": [descriptors],
   "addresses": {descriptor: address}, "signed": "<base64 PSBT to answer signtx with, or empty>"}
Every call is appended to fake-signer.log (one JSON line) so that the test can see what the node asked.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def out(obj):
    sys.stdout.write(json.dumps(obj))
    sys.stdout.flush()


def main(argv):
    with open(os.path.join(HERE, "fake-signer.json")) as f:
        conf = json.load(f)
    args = list(argv)
    if "--stdin" in args:
        args.remove("--stdin")
        args += sys.stdin.read().split()
    opts = {}
    words = []
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("--") and "=" in a:
            k, v = a[2:].split("=", 1)
            opts[k] = v
        elif a.startswith("--") and i + 1 < len(args):
            opts[a[2:]] = args[i + 1]
            i += 1
        else:
            words.append(a)
        i += 1
    with open(os.path.join(HERE, "fake-signer.log"), "a") as log:
        log.write(json.dumps({"words": words, "opts": opts}) + "\n")
    command = words[0] if words else ""
    if command == "enumerate":
        return out([{"fingerprint": conf["fingerprint"], "type": "fake", "model": conf["model"]}])
    if opts.get("fingerprint") != conf["fingerprint"]:
        return out({"error": "Unexpected fingerprint", "fingerprint": opts.get("fingerprint")})
    if command == "getdescriptors":
        return out({"receive": conf["receive"], "internal": conf["internal"]})
    if command == "displayaddress":
        desc = opts.get("desc", "")
        if desc not in conf.get("addresses", {}):
            return out({"error": "Unexpected descriptor", "desc": desc})
        return out({"address": conf["addresses"][desc]})
    if command == "signtx":
        if not conf.get("signed"):
            return out({"error": "The device refused to sign"})
        return out({"psbt": conf["signed"], "complete": True})
    return out({"error": "Unknown command " + command})


if __name__ == "__main__":
    main(sys.argv[1:])
