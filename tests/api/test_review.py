"""Regressions found in review: client input that made a 500, and scope leaks in lists."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.api.conftest import Api, Tokens


@pytest.mark.parametrize("path", [
    "/eligibility?target=backbone@county&as_of={}", "/eligibility/export?target=backbone@county&as_of={}",
    "/teachers/T1/explanation?target=backbone@county&as_of={}", "/orgs/C1/pipeline?as_of={}",
    "/teachers/T1/lineage?as_of={}", "/studios/SA/reach?as_of={}", "/teachers?tier=backbone&as_of={}"])
@pytest.mark.parametrize("as_of", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_an_as_of_date_out_of_range_is_422_not_500(embedded_api: Api, tokens: Tokens, path: str,
                                                   as_of: str) -> None:
    client = embedded_api.as_(tokens.admin)
    answer = client.get(path.format(as_of))
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"][0]["field"] == "query.as_of"
    assert client.get(path.format("1900-01-01")).status_code == 200


def test_a_damaged_zip_is_422_not_500(embedded_api: Api, tokens: Tokens) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("orgs.csv", "id,kind,name,parent_id\n" + "C1,city,x,\n" * 200)
    data = bytearray(out.getvalue())
    data[60:80] = bytes(20)  # the central directory is intact; the compressed data is not
    answer = embedded_api.as_(tokens.admin).post("/bundle", files={"file": ("b.zip", bytes(data))})
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"][0]["file"] == "b.zip"
    assert embedded_api.client.get("/teachers/T1").status_code == 200  # nothing changed
