# Gradio app: a gr.File input is handed to the callback as an uploaded temp file and loaded with joblib.
import gradio as gr
import joblib
import pandas as pd


def evaluate(model_file, csv_file):  # source
    estimator = joblib.load(model_file.name)  # sink: severity=critical
    frame = pd.read_csv(csv_file.name)
    return float(estimator.score(frame.drop(columns=["y"]), frame["y"]))


demo = gr.Interface(
    fn=evaluate,
    inputs=[gr.File(label="model.joblib"), gr.File(label="holdout.csv")],
    outputs=gr.Number(label="score"),
)

if __name__ == "__main__":
    demo.launch(server_name="0.0.0.0")
# expect-flow: 7-8
