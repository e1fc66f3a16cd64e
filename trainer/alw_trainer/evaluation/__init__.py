"""`stage: eval`: answers a requests file (generate, loglikelihood, choice_probs) with a Hugging Face model.
The contract is REQUESTS-FORMAT (docs/run-config.md, stage eval)."""
