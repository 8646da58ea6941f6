"""Writes a schemathesis.toml for one demo role: the ids of records in that role's scope, so that the
fuzzer's path ids (and a few body ids) hit real records most of the time instead of answering 404.

Usage: python3 scripts/schemathesis_config.py BASE_URL TOKEN OUT_FILE
Only reads through the API with the role's own token; what a role may not read stays out.
"""

import json
import sys
import urllib.error
import urllib.request

base, token, out = sys.argv[1:4]


def get(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.load(response)
    except (urllib.error.HTTPError, urllib.error.URLError, ValueError):
        return None


def listed(value):
    if isinstance(value, dict):
        value = value.get("items")
    return value if isinstance(value, list) else []


ids = {name: set() for name in (
    "case", "goal", "task", "consent", "onward", "mandate", "referral", "school", "worker", "team",
    "municipality", "organisation", "target")}

for case in listed(get("/api/v1/cases?all=1"))[:12]:
    ids["case"].add(case["id"])
    if case.get("worker_id"):
        ids["worker"].add(case["worker_id"])
    file = get(f"/api/v1/cases/{case['id']}") or {}
    for key, kind in (("goals", "goal"), ("tasks", "task"), ("consents", "consent"),
                      ("onward", "onward"), ("mandates", "mandate")):
        for item in file.get(key) or []:
            ids[kind].add(item["id"])
    for item in file.get("onward") or []:
        ids["target"].add(item["target_id"])
for referral in listed(get("/api/v1/referrals"))[:12]:
    ids["referral"].add(referral["id"])
for path, kind in (("/api/v1/schools?limit=12", "school"), ("/api/v1/workers", "worker"),
                   ("/api/v1/teams", "team"), ("/api/v1/municipalities", "municipality"),
                   ("/api/v1/organisations", "organisation")):
    for item in listed(get(path))[:12]:
        ids[kind].add(item["id"])
me = get("/api/v1/me") or {}
if me.get("organisation_id"):
    ids["organisation"].add(me["organisation_id"])
if me.get("school_id"):
    ids["school"].add(me["school_id"])

# Real ids most of the time; the rest generated (out of range, negative, huge).
PROBABILITY = 0.8
lines = []
for kind, values in sorted(ids.items()):
    lines += [f"[dictionaries.{kind}]", f"values = {json.dumps(sorted(values) or [1])}", ""]


def operation(regex, bindings):
    params = ", ".join(
        f'"{key}" = {{ dictionary = "{kind}", probability = {PROBABILITY} }}' for key, kind in bindings
    )
    return ["[[operations]]", f'include-path-regex = "{regex}"', f"parameters = {{ {params} }}", ""]


lines += operation("^/api/v1/cases/", [
    ("path.id", "case"), ("path.goal_id", "goal"), ("path.task_id", "task"),
    ("path.consent_id", "consent"), ("path.onward_id", "onward"), ("path.decision_id", "mandate"),
    ("body.worker_id", "worker"), ("body.target_id", "target")])
lines += operation("^/api/v1/referrals/", [("path.id", "referral"), ("body.worker_id", "worker")])
lines += operation("^/api/v1/mandate-decisions/", [("path.id", "mandate")])
for prefix, kind in (("schools", "school"), ("workers", "worker"), ("teams", "team"),
                     ("municipalities", "municipality"), ("organisations", "organisation")):
    lines += operation(f"^/api/v1/{prefix}/", [("path.id", kind)])
lines += operation("^/api/v1/assignments$", [("body.worker_id", "worker")])

with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
counts = ", ".join(f"{k} {len(v)}" for k, v in sorted(ids.items()) if v)
print(f"ids in scope: {counts or 'none'}")
