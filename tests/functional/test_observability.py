import json

REPORT = {"kind": "aspiration", "title": "Tambah halte bus", "description": "Mohon ditambah halte di Jl. Merdeka.",
          "region_code": "33.75"}


def _log_lines(captured: str) -> list[dict]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith('{"level"')]


def test_a_callers_correlation_id_is_echoed_and_on_every_log_line(client, app_logs):
    response = client.post("/reports", REPORT, headers={"X-Correlation-Id": "corr-123"})

    assert response.status_code == 201
    assert response.headers["X-Correlation-Id"] == "corr-123"
    lines = _log_lines(app_logs.getvalue())
    assert lines and all(line["correlation_id"] == "corr-123" for line in lines)
    submitted = [line for line in lines if line["message"] == "report submitted"]
    assert submitted[0]["tracking_id"] == response.json["tracking_id"]


def test_without_a_correlation_id_each_request_gets_its_own(client):
    first = client.get("/regions").headers["X-Correlation-Id"]
    second = client.get("/regions").headers["X-Correlation-Id"]
    assert first and second and first != second


def test_errors_speak_english_when_asked(client):
    indonesian = client.post("/reports", {**REPORT, "kind": "wish"})
    english = client.post("/reports", {**REPORT, "kind": "wish"}, headers={"Accept-Language": "en-US,en;q=0.9"})

    assert indonesian.json["error"]["message"] == "Isian laporan tidak valid."
    assert english.json["error"]["message"] == "The request is not valid."
    assert english.json["error"]["details"][0]["field"] == "kind"
