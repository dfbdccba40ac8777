import pickle

from flask import Flask, request

app = Flask(__name__)


@app.post("/import/board")
def import_board():
    board_file = request.files["board"]  # source
    board = pickle.load(board_file.stream)  # sink: severity=critical
    return {"cards": len(board["cards"])}
# expect-flow: 10-11
