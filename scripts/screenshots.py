#!/usr/bin/env python3
# Copyright 2026 sales_performance developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Take the README screenshots from a running Odoo with the demo data.

    scripts/screenshots.py --url http://127.0.0.1:8071 --db sales_performance_demo

Logs in through /web/session/authenticate, hands the session cookie to a
headless Chromium over the DevTools protocol, opens each page and saves a
PNG in docs/screenshots/. Generated, not drawn: rerun after UI changes.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parents[1]
SHOTS = [
    # (file, login, path[, language]): the pages of the role tours
    # (sales_performance/static/tests/tours/), on the demo data
    (
        "my_performance.png",
        "yangfan",
        "/odoo/action-sales_performance.action_server_my_performance",
        "en_US",
    ),
    (
        "statement.png",
        "sunli",
        "/odoo/action-sales_performance.action_sales_performance_statement/{statement}",
    ),
    (
        "team_performance.png",
        "zhangmin",
        "/odoo/action-sales_performance.action_sales_performance_team_graph",
    ),
    (
        "appraisals.png",
        "sunli",
        "/odoo/action-sales_performance.action_sales_performance_appraisal",
    ),
    (
        "payroll_posted.png",
        "zhenghua",
        "/odoo/action-sales_performance.action_sales_performance_statement_posted",
    ),
    (
        "plan_templates.png",
        "admin",
        "/odoo/action-sales_performance.action_sales_performance_plan_template",
    ),
    # the first users run their companies in Chinese: the demo salespeople
    # work in zh_CN
    (
        "my_performance_zh_CN.png",
        "yangfan",
        "/odoo/action-sales_performance.action_server_my_performance",
        "zh_CN",
    ),
    (
        "statement_zh_CN.png",
        "yangfan",
        "/odoo/action-sales_performance.action_sales_performance_my_statement/{statement}",
        "zh_CN",
    ),
]


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="sp_shots_")
        binary = (
            shutil.which("chromium")
            or shutil.which("chromium-browser")
            or shutil.which("google-chrome")
        )
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1440,900",
                "--remote-debugging-port=9333",
                "--remote-allow-origins=*",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for __ in range(50):
            try:
                tabs = requests.get("http://127.0.0.1:9333/json", timeout=2).json()
                page = next(t for t in tabs if t["type"] == "page")
                break
            except (requests.ConnectionError, StopIteration):
                time.sleep(0.2)
        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60
        )
        self.ids = 0

    def call(self, method, **params):
        self.ids += 1
        self.socket.send(
            json.dumps({"id": self.ids, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.ids:
                return message.get("result", {})

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def session_cookie(url, db, login):
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": db, "login": login, "password": login},
        },
        timeout=60,
    )
    response.raise_for_status()
    return response.cookies["session_id"]


def call_kw(url, cookie, model, method, args, kwargs=None):
    response = requests.post(
        f"{url}/web/dataset/call_kw",
        cookies={"session_id": cookie},
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
        timeout=300,
    )
    response.raise_for_status()
    body = response.json()
    if "error" in body:
        raise RuntimeError(body["error"]["data"]["message"])
    return body["result"]


def richest_statement(url, cookie):
    """The id of the posted or paid statement with the most lines (of those
    the user may read: a salesperson's own)."""
    rows = call_kw(
        url,
        cookie,
        "sales.performance.statement",
        "search_read",
        [[("state", "in", ("posted", "paid"))], ["line_ids"]],
    )
    return max(rows, key=lambda row: (len(row["line_ids"]), row["id"]))["id"]


def set_language(url, admin_cookie, login, lang):
    """Activate ``lang`` (loading its translations) and give it to ``login``;
    returns the language ``login`` had."""
    if lang != "en_US":
        lang_ids = call_kw(
            url,
            admin_cookie,
            "res.lang",
            "search",
            [[("code", "=", lang)]],
            {"context": {"active_test": False}},
        )
        wizard = call_kw(
            url,
            admin_cookie,
            "base.language.install",
            "create",
            [{"lang_ids": [(6, 0, lang_ids)], "overwrite": False}],
        )
        call_kw(url, admin_cookie, "base.language.install", "lang_install", [[wizard]])
    users = call_kw(
        url,
        admin_cookie,
        "res.users",
        "search_read",
        [[("login", "=", login)], ["lang"]],
    )
    call_kw(
        url,
        admin_cookie,
        "res.users",
        "write",
        [[u["id"] for u in users], {"lang": lang}],
    )
    return users[0]["lang"] if users else "en_US"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8071")
    parser.add_argument("--db", default="sales_performance_demo")
    parser.add_argument("--wait", type=float, default=6.0)
    args = parser.parse_args()
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    try:
        chrome.call("Page.enable")
        for name, login, path, *language in SHOTS:
            if language:
                admin = session_cookie(args.url, args.db, "admin")
                own = set_language(args.url, admin, login, language[0])
            cookie = session_cookie(args.url, args.db, login)
            chrome.call("Network.clearBrowserCookies")
            chrome.call(
                "Network.setCookie", name="session_id", value=cookie, url=args.url
            )
            if "{statement}" in path:
                path = path.format(statement=richest_statement(args.url, cookie))
            chrome.call("Page.navigate", url=f"{args.url}{path}")
            time.sleep(args.wait)
            shot = chrome.call("Page.captureScreenshot", format="png")
            (out / name).write_bytes(base64.b64decode(shot["data"]))
            print(f"saved docs/screenshots/{name}")
            if language:
                set_language(args.url, admin, login, own)
    finally:
        chrome.close()


if __name__ == "__main__":
    main()
