"""A Streamlit session without a browser: the websocket protocol the browser speaks.

BackMsg / ForwardMsg protobufs on /_stcore/stream. Used by benchmarks/load_test.py (many readers at
once) and tests/test_capacity.py (many distinct URLs).
"""

from __future__ import annotations

import time


class Session:
    """One reader: a websocket session that runs the app and reads what it draws."""

    def __init__(self, url: str):
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = None
        self.problems: list[str] = []

    async def __aenter__(self):
        import websockets

        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=60)
        return self

    async def __aexit__(self, *exc):
        await self.ws.close()

    async def run(self, query: str = "", widgets: list | None = None) -> tuple[float, dict]:
        """Ask for a script run; return (seconds to script_finished, what was drawn)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        for w in widgets or []:
            msg.rerun_script.widget_states.widgets.append(w)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        drawn = {"multiselect": {}, "metric": {}, "errors": []}
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                which = element.WhichOneof("type")
                if which == "multiselect":  # by its URL parameter when bound to one, else by its label
                    drawn["multiselect"][element.multiselect.query_param_key or element.multiselect.label] = element.multiselect.id
                elif which == "metric":
                    drawn["metric"][element.metric.label] = element.metric.body
                elif which == "exception":
                    drawn["errors"].append(f"exception: {element.exception.message[:200]}")
                elif which == "alert" and element.alert.format == element.alert.ERROR:
                    drawn["errors"].append(f"error box: {element.alert.body[:200]}")
            elif kind == "script_finished":
                if fwd.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    drawn["errors"].append(f"script finished with status {fwd.script_finished}")
                return time.perf_counter() - started, drawn
