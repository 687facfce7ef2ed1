#!/usr/bin/env python3
"""Builds the tiny sentence-embedding model the tests load through transformers.js.

It is a real ONNX model with a real BERT WordPiece tokenizer, only small: a token-embedding lookup
(vocabulary of words and word pieces common in pt-BR and English marketing text, plus every single
character, so any word can be tokenized) whose output `last_hidden_state` transformers.js mean-pools
and normalises exactly as it does for multilingual-e5-small. Deterministic: same files every run.

Run with Debian's python3-onnx:  /usr/bin/python3 scripts/tiny-embedder/build.py
Output: tests/fixtures/models/vm-studio/tiny-embedder/
"""
import json
import os
import string

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures", "models", "vm-studio", "tiny-embedder")
DIM = 32

WORDS = """
a o as os de da do das dos e em no na nos nas um uma para por com sem que se mais menos muito pouco
the of and to in for with on at by from is are be this that it as or an not more less
marca produto campanha cliente clientes público publico tom voz alma essência essencia promessa tabu tabus
oferta preço preco diferencial restrição restricao restrições posicionamento pesquisa mercado concorrente
concorrentes palavra palavras chave chaves email emails e-mail sequência sequencia boas vindas newsletter
conteúdo conteudo plano editorial anúncio anuncio anúncios criativo criativos landing página pagina copy
isca digital lead magnet seo artigo post posts social redes instagram linkedin tiktok youtube blog
venda vendas conversão conversao tráfego trafego nutrição nutricao funil topo meio fundo
café cafe assinatura mensal grão graos torra fresca fresco frescor origem especial barista baristas
curso aula aulas ao vivo mentoria comunidade aluno alunos certificado garantia desconto barato caro premium
brand product campaign customer audience tone voice soul essence promise taboo offer price pricing
differentiator constraint positioning research market competitor keyword keywords sequence welcome
content plan ad ads creative page conversion traffic nurture funnel subscription monthly coffee roast
fresh origin course class live community student guarantee discount cheap expensive
aprovado aprovada aprovar feedback funcionou funcionar não nao sim bom boa melhor pior resultado resultados
abertura taxa cliques clique engajamento alcance impressões impressoes orçamento orcamento meta metas
objetivo objetivos dor dores desejo desejos objeção objecao objeções benefício beneficio benefícios
história historia histórias depoimento depoimentos prova provas dados número numeros exemplo exemplos
urgente urgência escassez emoção emocao confiança confianca autoridade humor leve sério serio formal informal
caloroso calorosa direto direta simples claro clara curto curta longo longa jovem jovens família familia
inverno verão verao outono primavera natal black friday lançamento lancamento evento data prazo
winter summer launch event holiday deadline open rate click clicks engagement reach budget goal
""".split()

PIECES = ["##s", "##es", "##mente", "##ção", "##ções", "##dade", "##ing", "##ed", "##ly", "##er", "##ar", "##ado", "##ada", "##ndo"]
CHARS = list(string.ascii_lowercase + string.digits + "áàâãéêíóôõúüçñ") + list(".,;:!?-'\"()/%$#@&*+=")


def vocab():
    seen, out = set(), []
    for tok in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + WORDS + PIECES + CHARS + ["##" + c for c in CHARS]:
        if tok not in seen:
            seen.add(tok)
            out.append(tok)
    return out


def main():
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    tokens = vocab()
    rng = np.random.default_rng(20261125)
    table = rng.standard_normal((len(tokens), DIM)).astype(np.float32)
    table[0] = 0.0  # [PAD]
    # [CLS]/[SEP] are in every sentence: keep them small so they do not dominate the mean.
    table[2] *= 0.05
    table[3] *= 0.05

    embeddings = numpy_helper.from_array(table, name="embeddings")
    input_ids = helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"])
    attention_mask = helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", DIM])
    gather = helper.make_node("Gather", ["embeddings", "input_ids"], ["gathered"], axis=0)
    # Zero the padding positions, as a transformer's output would be masked by the pooling anyway.
    mask_f = helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT)
    axes = numpy_helper.from_array(np.array([-1], dtype=np.int64), name="axes")
    mask_3d = helper.make_node("Unsqueeze", ["mask_f", "axes"], ["mask_3d"])
    masked = helper.make_node("Mul", ["gathered", "mask_3d"], ["last_hidden_state"])
    graph = helper.make_graph([gather, mask_f, mask_3d, masked], "vm_tiny_embedder", [input_ids, attention_mask], [output], [embeddings, axes])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="vm-studio")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, "onnx", "model.onnx"))

    vocab_map = {t: i for i, t in enumerate(tokens)}
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": vocab_map[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True}
            for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True, "strip_accents": False, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}}, {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
            ],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [vocab_map["[CLS]"]], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [vocab_map["[SEP]"]], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": vocab_map},
    }
    with open(os.path.join(OUT, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False)
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump({"tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 512, "pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]", "mask_token": "[MASK]"}, f, indent=2)
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump({"model_type": "bert", "architectures": ["BertModel"], "hidden_size": DIM, "vocab_size": len(tokens), "max_position_embeddings": 512}, f, indent=2)
    print(f"wrote {OUT}: {len(tokens)} tokens x {DIM} dims")


if __name__ == "__main__":
    main()
