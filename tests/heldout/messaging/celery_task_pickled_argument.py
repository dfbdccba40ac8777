# Celery task whose argument is a pickled page context (inducer/relate GHSA-4mwh-mwv4-m252: the
# workers accepted pickle from the broker, so anyone able to publish there ran code).
import pickle

from celery import Celery

app = Celery("grading", broker="amqp://rabbitmq//")
app.conf.accept_content = ["json"]


@app.task(bind=True, max_retries=3)
def regrade_flow_session(self, session_id: int, context_hex: str):  # source
    page_context = pickle.loads(bytes.fromhex(context_hex))  # sink: severity=critical
    return {"session": session_id, "pages": len(page_context["pages"])}
# expect-flow: 12-13
