# threat-models: local
# CVE-2025-23298 (NVIDIA Merlin Transformers4Rec, ZDI-25-833): load_model_trainer_states_from_checkpoint()
# restored the trainer with torch.load() on a checkpoint directory the user names.
import os

import click
import torch


class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = torch.optim.AdamW(model.parameters())

    def load_model_trainer_states_from_checkpoint(self, checkpoint_path):
        state_path = os.path.join(checkpoint_path, "pytorch_model.bin")
        self.model.load_state_dict(torch.load(state_path, map_location="cpu", weights_only=True))  # ok
        trainer_state = torch.load(os.path.join(checkpoint_path, "trainer_state.pt"))  # sink: severity=medium
        self.optimizer.load_state_dict(trainer_state["optimizer"])
        return trainer_state["global_step"]


@click.command()
@click.option("--resume-from", "resume_from", type=click.Path(file_okay=False), required=True)
def resume(resume_from):  # source
    model = torch.nn.Linear(16, 4)
    step = Trainer(model).load_model_trainer_states_from_checkpoint(resume_from)
    click.echo(f"resumed at step {step}")
# expect-flow: 25-27-15-18
