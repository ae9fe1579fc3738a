package processors

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Store keeps cached answers by key. Implementations must be safe for
// concurrent use; a shared backend (e.g. Redis, for replicas and restarts)
// implements the same two methods. Get reports a miss as (nil, false, nil).
type Store interface {
	Get(ctx context.Context, key string) ([]byte, bool, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
}

// CacheKey is the key of an LLM answer: the processor name, then a hash of
// contract and of the normalised input (whitespace collapsed), so replays
// and redeliveries of the same text hit. contract is everything that changes
// the set of valid answers (prompt, model, answer schema, queue set and
// fallback queue, rules version): two configurations that differ in any of
// it never share an entry, also in a Redis shared by deployments. The
// quoted context (Input.Quoted), which the extraction prompt carries, is
// part of the input when it is not empty. Parts are length-prefixed, so no
// two different lists hash alike.
func CacheKey(processor string, contract []string, in Input) string {
	h := sha256.New()
	parts := append(append([]string{processor}, contract...), normalise(in.Subject), normalise(in.Body))
	if in.Quoted != "" {
		parts = append(parts, normalise(in.Quoted))
	}
	for _, s := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	return processor + ":" + hex.EncodeToString(h.Sum(nil))
}

func normalise(s string) string { return strings.Join(strings.Fields(s), " ") }

// Results of one cache lookup, reported by CacheOptions.OnResult.
const (
	CacheHit     = "hit"
	CacheMiss    = "miss"
	CacheInvalid = "invalid" // an entry that failed CacheOptions.Check: a miss
)

// Store operations, reported by CacheOptions.OnError.
const (
	CacheGet = "get"
	CacheSet = "set"
)

// CacheOptions configure the Cache middleware. Key is required.
type CacheOptions struct {
	TTL time.Duration
	// Key returns the entry of an input (see CacheKey); "" for an input that
	// must not be cached.
	Key func(Input) string
	// Check re-validates a hit for in exactly as a fresh answer is validated
	// and returns the output to serve; hit.Exchange.Response is the stored
	// raw answer. An error makes the hit a miss (result CacheInvalid): the
	// wrapped processor answers and its answer replaces the entry. nil
	// serves every hit as stored.
	Check func(in Input, hit Output) (Output, error)
	// OnResult reports every lookup: CacheHit, CacheMiss or CacheInvalid.
	OnResult func(result string)
	// OnError reports a failed store operation (CacheGet or CacheSet). A
	// failed get is a miss and a failed set loses the entry; neither fails
	// the decision.
	OnError func(op string, err error)
}

// Cache serves answers of the wrapped (LLM) processor from store. Only
// answers with source llm are stored, with their raw answer; a hit that
// passes o.Check is returned with source cache, zero tokens and cost, and
// no call.
func Cache(store Store, o CacheOptions) Middleware {
	result := func(r string) {
		if o.OnResult != nil {
			o.OnResult(r)
		}
	}
	storeErr := func(op string, err error) {
		if o.OnError != nil {
			o.OnError(op, err)
		}
	}
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			k := o.Key(in)
			if k == "" {
				return next.Process(ctx, in)
			}
			data, ok, err := store.Get(ctx, k)
			switch {
			case err != nil:
				storeErr(CacheGet, err)
				result(CacheMiss)
			case !ok:
				result(CacheMiss)
			default:
				if out, err := hitFor(in, data, o.Check); err == nil {
					result(CacheHit)
					return out, nil
				}
				result(CacheInvalid)
			}
			out, err := next.Process(ctx, in)
			if err == nil && out.Provenance.Source == SourceLLM {
				data, err := encodeOutput(out)
				if err == nil {
					err = store.Set(ctx, k, data, o.TTL)
				}
				if err != nil {
					storeErr(CacheSet, err)
				}
			}
			return out, err
		})
	}
}

// hitFor decodes a stored entry and checks it for in.
func hitFor(in Input, data []byte, check func(Input, Output) (Output, error)) (Output, error) {
	out, err := decodeOutput(data)
	if err == nil && check != nil {
		out, err = check(in, out)
	}
	if err != nil {
		return Output{}, err
	}
	pv := &out.Provenance
	pv.Source = SourceCache
	pv.LatencyMS, pv.PromptTokens, pv.CompletionTokens, pv.CostUSD = 0, 0, 0, 0
	return out, nil
}

// cachedOutput is one stored entry: the decision, its provenance and the
// raw LLM answer it was read from (for re-validation on a hit).
type cachedOutput struct {
	Route      *Route     `json:"route,omitempty"`
	Order      *Order     `json:"order,omitempty"`
	Provenance Provenance `json:"provenance"`
	Answer     string     `json:"answer,omitempty"`
}

func encodeOutput(o Output) ([]byte, error) {
	c := cachedOutput{Provenance: o.Provenance}
	if o.Exchange != nil {
		c.Answer = o.Exchange.Response
	}
	switch d := o.Decision.(type) {
	case *Route:
		c.Route = d
	case *Order:
		c.Order = d
	default:
		return nil, fmt.Errorf("processors: cache: cannot store %T", o.Decision)
	}
	return json.Marshal(c)
}

func decodeOutput(data []byte) (Output, error) {
	var c cachedOutput
	if err := json.Unmarshal(data, &c); err != nil {
		return Output{}, fmt.Errorf("processors: cache: %w", err)
	}
	var x *Exchange
	if c.Answer != "" {
		x = &Exchange{Response: c.Answer}
	}
	switch {
	case c.Route != nil:
		return Output{Decision: c.Route, Provenance: c.Provenance, Exchange: x}, nil
	case c.Order != nil:
		return Output{Decision: c.Order, Provenance: c.Provenance, Exchange: x}, nil
	}
	return Output{}, fmt.Errorf("processors: cache: empty entry")
}
