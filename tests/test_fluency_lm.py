"""The numpy forward pass and tokenizer against transformers' reading of the same GGUF file.

The expected values were computed once with torch 2.13.0 (CPU) and transformers 5.24 loading
SmolLM2-135M-Instruct.Q4_1.gguf (`AutoModelForCausalLM.from_pretrained(..., gguf_file=...)`), each
sentence scored after token 1, so these tests check the numpy model without torch.
"""

import numpy as np
import pytest

from detector.fluency.weights import ModelUnavailable, gguf_path

try:
    gguf_path()
except ModelUnavailable as exc:  # the suite runs without the model's package too
    pytest.skip(f"fluency model not installed: {exc}", allow_module_level=True)

from detector.fluency.lm import load_model  # noqa: E402

REFERENCE = [
    ('The president held a press conference on Monday.',
     [504, 5165, 3408, 253, 1757, 7294, 335, 12397, 30],
     [-8.2157, -19.4756, -9.7988, -1.0422, -2.8189, -0.0166, -1.7324, -1.7391, -2.8035]),
    ('Prices rose 12% in 2024, the bank said.',
     [64, 12855, 8739, 216, 33, 34, 21, 281, 216, 34, 32, 34, 36, 28, 260, 5461, 1137, 30],
     [-9.5625, -8.1773, -15.796, -3.341, -0.9666, -2.8536, -2.0485, -2.4732, -1.5432, -0.054, -0.0146, -0.2457, -3.3504, -0.7945, -3.2966, -7.8551, -1.2449, -0.6375]),
    ("Officials said the café’s owner “wasn't” there — 3,500 people waited.",
     [31341, 3028, 1137, 260, 37366, 417, 99, 7615, 619, 10591, 94, 982, 573, 665, 1841, 216, 35, 28, 37, 32, 32, 701, 25693, 30],
     [-16.9744, -14.6829, -6.7019, -4.602, -10.469, -4.9954, -0.0053, -3.7639, -6.692, -4.3144, -1.0913, -6.3834, -5.9739, -3.8129, -7.3591, -4.9175, -2.6249, -4.0021, -2.6673, -0.215, -0.0392, -1.9666, -6.1301, -2.1913]),
]


@pytest.mark.parametrize("text,ids,logprob", REFERENCE)
def test_tokens_match_reference(text, ids, logprob):
    assert load_model().tokenizer.encode(text)[0] == ids


@pytest.mark.parametrize("text,ids,logprob", REFERENCE)
def test_logprobs_match_reference(text, ids, logprob):
    got = load_model().score([ids])[0].logprob
    assert np.abs(got - np.array(logprob)).max() < 2e-3


def test_batch_scores_equal_single_scores():
    model = load_model()
    seqs = [ids for _, ids, _ in REFERENCE]
    batched = model.score(seqs)
    for seq, scores in zip(seqs, batched):
        assert np.allclose(scores.logprob, model.score([seq])[0].logprob, atol=1e-4)


def test_token_spans_cover_their_text():
    text = REFERENCE[2][0]
    ids, spans = load_model().tokenizer.encode(text)
    assert len(ids) == len(spans)
    assert "".join(text[s:e] for s, e in dict.fromkeys(spans)) == text
    assert load_model().tokenizer.decode(ids) == text


def _slow_reference(ids: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The forward pass written out plainly, one sequence, from the GGUF's own tensors (not the
    cache's fused layout): separate projections, llama.cpp's rotation of adjacent pairs, one head
    at a time, float64 softmax. Returns log-probabilities, entropies and the 8 likeliest ids."""
    from detector.fluency.weights import _read_gguf

    config, tensors, _ = _read_gguf(gguf_path())
    w = dict(tensors)
    heads, kv, dim = config["heads"], config["kv_heads"], config["dim"]
    hd = dim // heads
    seq = [1, *ids]
    t = len(seq)

    def norm(x, weight):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + config["eps"]) * weight

    def rope(x):  # x: [t, hd], pairs (0, 1), (2, 3), ...
        out = x.copy()
        for pos in range(t):
            for j in range(hd // 2):
                angle = pos / config["rope_base"] ** (2 * j / hd)
                a, b = x[pos, 2 * j], x[pos, 2 * j + 1]
                out[pos, 2 * j] = a * np.cos(angle) - b * np.sin(angle)
                out[pos, 2 * j + 1] = a * np.sin(angle) + b * np.cos(angle)
        return out

    x = w["token_embd.weight"][seq].astype(np.float64)
    for i in range(config["layers"]):
        p = f"blk.{i}."
        h = norm(x, w[p + "attn_norm.weight"])
        q, k, v = (h @ w[p + n].T for n in ("attn_q.weight", "attn_k.weight", "attn_v.weight"))
        out = np.zeros((t, dim))
        for head in range(heads):
            g = head // (heads // kv)
            qh, kh = rope(q[:, head * hd:(head + 1) * hd]), rope(k[:, g * hd:(g + 1) * hd])
            scores = qh @ kh.T / np.sqrt(hd) + np.triu(np.full((t, t), -np.inf), 1)
            att = np.exp(scores - scores.max(-1, keepdims=True))
            out[:, head * hd:(head + 1) * hd] = (att / att.sum(-1, keepdims=True)) @ v[:, g * hd:(g + 1) * hd]
        x = x + out @ w[p + "attn_output.weight"].T
        h = norm(x, w[p + "ffn_norm.weight"])
        gate, up = h @ w[p + "ffn_gate.weight"].T, h @ w[p + "ffn_up.weight"].T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "ffn_down.weight"].T
    logits = norm(x, w["output_norm.weight"])[:-1] @ w["token_embd.weight"].T.astype(np.float64)
    logp = logits - logits.max(-1, keepdims=True)
    logp -= np.log(np.exp(logp).sum(-1, keepdims=True))
    entropy = -(np.exp(logp) * logp).sum(-1)
    return logp[np.arange(len(ids)), ids], entropy, np.argsort(-logp, axis=-1)[:, :8]


def test_fast_forward_pass_agrees_with_slow_reference():
    ids = load_model().tokenizer.encode("The minister held a news convention on Monday.")[0]
    logprob, entropy, top = _slow_reference(ids)
    got = load_model().score([ids, ids[:4]])[0]   # a padded batch: the shorter row must not leak
    assert np.abs(got.logprob - logprob).max() < 1e-3
    assert np.abs(got.entropy - entropy).max() < 1e-3
    assert (got.top[:, :3] == top[:, :3]).all()


def test_sentences_scored_alike_on_one_thread_or_two(monkeypatch):
    from detector.fluency import lm

    texts = [text for text, _, _ in REFERENCE] * 6 + ["", "Short."]
    monkeypatch.setattr(lm, "BATCH_TOKENS", 64)  # several batches to share out
    monkeypatch.setattr(lm, "threads", lambda: 1)
    one = lm.score_sentences(texts)
    monkeypatch.setattr(lm, "threads", lambda: 2)
    two = lm.score_sentences(texts)
    assert [s.ids for s in one] == [s.ids for s in two] and not one[-2].ids
    for a, b in zip(one, two):
        assert np.allclose(a.logprob, b.logprob, atol=1e-4) and (a.top == b.top).all()
    assert np.allclose(one[1].logprob, REFERENCE[1][2], atol=2e-3)


def test_texts_that_begin_alike_score_as_when_read_whole(monkeypatch):
    from detector.fluency import lm

    texts = ["the minister held a news conference on Monday in the capital.",
             "the minister held a news convention on Monday in the capital.",
             "the minister held a news on Monday.", "the minister held a news", "The bank said so."]
    seqs = [load_model().tokenizer.encode(t)[0] for t in texts]
    assert [sorted(run) for _, run in lm.shared_prefixes(seqs)] == [[0, 1, 2, 3]]
    shared = lm.score_sentences(texts)
    monkeypatch.setattr(lm, "MIN_SHARED", 10**6)
    assert lm.shared_prefixes(seqs) == []
    whole = lm.score_sentences(texts)
    for a, b in zip(shared, whole):
        assert len(a.logprob) == len(a.ids) == len(b.ids)
        assert np.abs(a.logprob - b.logprob).max() < 1e-4 and np.abs(a.entropy - b.entropy).max() < 1e-4
        assert (a.top[:, :3] == b.top[:, :3]).all()
