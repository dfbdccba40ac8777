# threat-models: local
import click
import joblib


@click.command()
@click.argument("model_path", type=click.Path(exists=True))
@click.option("--limit", default=10)
def show(model_path, limit):  # source
    model = joblib.load(model_path)  # sink: severity=medium
    click.echo(repr(model)[:limit])


if __name__ == "__main__":
    show()
# expect-flow: 9-10
