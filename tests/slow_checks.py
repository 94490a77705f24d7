"""A check that is slow on purpose, for the server tests that need a check still running
(time limit, cancel, disconnect): a test-only plugin rule that waits while the report holds
MARKER. A report made slow by its size alone stops being slow as govlint gets faster."""
from __future__ import annotations

import textwrap
from pathlib import Path

MARKER = "【测试：此报告检查较慢】"

PLUGIN = '''
    import time

    from govlint import Rule, hookimpl


    class WaitsOnRequest(Rule):
        """测试用规则：报告中有“【测试：此报告检查较慢】”时等待 60 秒，用于服务器的超时、取消测试。

        错误示例：无
        正确示例：无
        """
        code, name, severity = "TT981", "waits-on-request", "error"

        def check(self, report):
            if "【测试：此报告检查较慢】" in report.source.text:
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    time.sleep(0.05)
            return ()


    @hookimpl
    def govlint_rules():
        return [WaitsOnRequest]
'''


def slow_config(folder: Path) -> Path:
    """A govlint.toml in `folder` that loads the waiting rule (and lets it wait)."""
    (folder / "slow_rule.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    config = folder / "govlint.toml"
    config.write_text('plugins = ["slow_rule.py"]\nrule-time-limit = 120\n', encoding="utf-8")
    return config
