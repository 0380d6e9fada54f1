"""Answering: route the question, score the retrieved sentences, choose the quotes and cite
them (`compose`); `chain` is the LangChain runnable that joins the stages."""
