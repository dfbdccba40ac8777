# Streamlit app: a pipeline uploaded through st.file_uploader() is unpickled to render its steps.
import pickle

import streamlit as st

st.title("Pipeline inspector")
uploaded = st.file_uploader("Upload a trained pipeline", type=["pkl", "pickle"])  # source
if uploaded is not None:
    pipeline = pickle.load(uploaded)  # sink: severity=critical
    for name, step in pipeline.steps:
        st.write(name, type(step).__name__)
# expect-flow: 7-9
