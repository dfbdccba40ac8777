# threat-models: datastore
import dill
import psycopg2


def load_udfs(dsn):
    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT name, body FROM udfs")
        for name, body in cur.fetchall():  # source
            yield name, dill.loads(bytes(body))  # sink: severity=medium
# expect-flow: 9-10
