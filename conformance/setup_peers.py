"""Creates the peer users of the conformance run and prints the WFC auth document.

The ward secretary of the demo ward is the user under test. The peers are plain members of two
cells of another ward, out of the secretary's reach, so that the fuzzing cannot suspend them or
reset their passwords halfway through.
"""
import json
import sys
import urllib.request

base = sys.argv[1]
PEER_PASSWORD = "conformance peer password"


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


admin = call("POST", "/api/v1/auth/login", {"login": "79900000", "password": "conformance administrator password"})["access_token"]
root = call("GET", "/api/v1/me", token=admin)["cell"]["id"]
ward = call("POST", "/api/v1/orgs", {"name": "Đảng bộ xã Kiểm Thử", "kind": "committee", "parent_id": root, "code": "KT"}, admin)["id"]
peers = []
for n in (1, 2):
    cell = call("POST", "/api/v1/orgs", {"name": f"Chi bộ Kiểm Thử {n}", "kind": "cell", "parent_id": ward, "code": f"KT-{n}"}, admin)["id"]
    card = f"7990000{n}"
    temporary = f"mật khẩu tạm thời số {n}"
    call("POST", "/api/v1/members", {
        "card_number": card, "full_name": f"Người Kiểm Thử {'Một' if n == 1 else 'Hai'}",
        "party_status": "official", "org_id": cell, "temporary_password": temporary,
    }, admin)
    first = call("POST", "/api/v1/auth/login", {"login": card, "password": temporary})["access_token"]
    call("PUT", "/api/v1/me/password", {"current_password": temporary, "new_password": PEER_PASSWORD}, first)
    peers.append(card)


def user(name, login, password):
    return {
        "name": name,
        "loginEndpointAuth": {
            "endpoint": "/api/v1/auth/login",
            "verb": "POST",
            "contentType": "application/json",
            "payloadUserPwd": {"username": login, "password": password, "usernameField": "login", "passwordField": "password"},
            "token": {"extractFrom": "body", "extractSelector": "/access_token", "sendIn": "header", "sendName": "Authorization", "sendTemplate": "Bearer {token}"},
        },
    }


print(json.dumps({
    "auth": [
        user("ward_secretary", "79100001", "sotay demo 2025"),
        user("peer_one", peers[0], PEER_PASSWORD),
        user("peer_two", peers[1], PEER_PASSWORD),
    ]
}, ensure_ascii=False, indent=2))
