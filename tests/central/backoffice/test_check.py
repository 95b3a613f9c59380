"""The public receipt check page: genuine or not, status, masked account, rate limit."""

from __future__ import annotations

import uuid

from central.backoffice import receipt_ref
from central.backoffice.pages_check import RateLimit


def test_reference_test_vector():
    key = bytes.fromhex("00112233445566778899aabbccddeeff")
    tid = "123e4567-e89b-12d3-a456-426614174000"
    assert receipt_ref.mac(key, "K0001", tid) == "EVGS5CXI3LTYUE46"
    ref = receipt_ref.parse(f"https://pay.example.com/receipt?ref=R1.K0001.{tid}."
                            "evgs5cxi3ltyue46")
    assert ref == receipt_ref.Reference("K0001", tid, "EVGS5CXI3LTYUE46")
    assert receipt_ref.verify(ref, key.hex())
    for bad in ("", "R2.K0001.x.y", f"R1.K0001.{tid}", f"R1.K 1.{tid}.EVGS5CXI3LTYUE46",
                f"R1.K0001.{tid}.EVGS5CXI3LTYUE4"):
        assert receipt_ref.parse(bad) is None


def test_genuine_receipt_shows_status_and_masked_account(server, client, txn, record):
    url, _ = server
    tid = str(uuid.uuid4())
    client.post("/v1/transactions", {"records": [record(tid, txn(tid, 8000))]})
    ref = f"R1.K0001.{tid}.{receipt_ref.mac(client.secret, 'K0001', tid)}"
    import requests
    page = requests.get(url + "/check", params={"ref": ref}, timeout=10).text
    assert "真实凭条" in page and "138****8000" in page and "13800138000" not in page
    assert "¥80.00" in page and "成功" in page
    other = str(uuid.uuid4())  # genuine but not yet synced
    ref2 = f"R1.K0001.{other}.{receipt_ref.mac(client.secret, 'K0001', other)}"
    assert "尚未上传" in requests.get(url + "/check", params={"ref": ref2}, timeout=10).text


def test_forged_receipt_is_not_genuine_whether_or_not_it_exists(server, client, txn, record):
    url, _ = server
    import requests
    tid = str(uuid.uuid4())
    client.post("/v1/transactions", {"records": [record(tid, txn(tid, 8000))]})
    answers = set()
    for ref in (f"R1.K0001.{tid}.AAAAAAAAAAAAAAAA", f"R1.K0001.{uuid.uuid4()}.AAAAAAAAAAAAAAAA",
                f"R1.NOPE.{tid}.AAAAAAAAAAAAAAAA", "garbage"):
        page = requests.get(url + "/check", params={"ref": ref}, timeout=10).text
        answers.add(page.split('id="verdict">')[1].split("<")[0])
    assert answers == {"不是有效的凭条编号。"}


def test_rate_limit():
    limit = RateLimit(3)
    assert [limit.allow("a", 100.0 + i) for i in range(4)] == [True, True, True, False]
    assert limit.allow("b", 103.0)
    assert limit.allow("a", 160.5)
