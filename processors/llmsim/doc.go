// Package llmsim is a fake OpenAI-compatible LLM server for tests, load runs
// and demos where no real model is reachable.
//
// It speaks the Chat Completions wire format: POST {base}/chat/completions
// (with or without a /v1 prefix) and GET {base}/models. The answer content
// comes from an Answerer supplied by the caller (the "honest" answer, e.g. the
// rules engine); the server then degrades it on purpose, by configured rates
// or per request, to exercise the client: 5xx, 429 with Retry-After, hangs,
// malformed JSON, valid JSON that breaks the schema, hostile content echoing
// injected instructions, and low confidence.
//
// Everything it returns is marked as simulated: response header
// "X-Llmsim: simulated", system_fingerprint "llmsim" and ids "chatcmpl-sim-<n>".
//
// # Determinism
//
// Chat requests are numbered 1, 2, ... in arrival order. Request n draws its
// mode, latency and degradation variant from a random stream determined only
// by (Config.Seed, n), so a sequential run with the same seed is reproducible
// and a concurrent run yields the same outcome counts. The X-Llmsim-Mode
// request header forces the mode of one request (see Mode).
//
// # Token usage
//
// usage is an estimate, not tiktoken: prompt_tokens = ceil(bytes of all
// message contents / 4), completion_tokens = ceil(bytes of content / 4).
package llmsim
