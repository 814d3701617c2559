"""What the API test modules share: tokens, authorised requests, a placed checkout."""

import uuid

from tests.factories import PASSWORD
from tests.helpers import totp_code

ADDRESS = {"recipient": "Dewi Lestari", "phone": "0812 3456 7890", "street": "Jl. Merdeka No. 5 RT 02",
           "village": "Talang Semut", "kecamatan": "Bukit Kecil", "city": "Kota Palembang",
           "province": "Sumatera Selatan", "postal_code": "30135"}


def token_for(client, user, password=PASSWORD) -> str:
    """A token for `user`; an account with a second factor sends its current code too."""
    body = {"email": user.email, "password": password}
    if user.totp_secret is not None:
        body["totp"] = totp_code(user)
    response = client.post("/api/v1/auth/tokens", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


class Api:
    """A client acting for one user through a bearer token; no cookies are involved."""

    def __init__(self, client, user=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token_for(client, user)}"} if user else {}

    def _call(self, method, path, headers=None, **kwargs):
        return self.client.open(f"/api/v1{path}", method=method, headers={**self.headers, **(headers or {})},
                                **kwargs)

    def get(self, path, **kwargs):
        return self._call("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self._call("POST", path, json=json if json is not None else {}, **kwargs)

    def patch(self, path, json, **kwargs):
        return self._call("PATCH", path, json=json, **kwargs)

    def put(self, path, json, **kwargs):
        return self._call("PUT", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self._call("DELETE", path, **kwargs)

    def checkout(self, method="bank_transfer", key=None, **extra):
        body = {**ADDRESS, "payment_method": method, **extra}
        return self.post("/checkout", json=body, headers={"Idempotency-Key": key or str(uuid.uuid4())})


def error_of(response) -> dict:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}, body
    return body["error"]
