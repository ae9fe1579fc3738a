package processors

import (
	"context"
	"fmt"
)

// HumanOptions configure the Human middleware. Key is required.
type HumanOptions struct {
	// Key returns the entry of an input (see HumanKey); "" skips the lookup.
	Key func(Input) string
	// Check refuses a stored answer that is no longer valid (a queue that
	// is no longer configured): the lookup is then a miss. nil accepts all.
	Check func(in Input, out Output) error
	// OnHit is called for every input answered from the store (metrics).
	OnHit func()
	// OnError reports a failed lookup; the lookup is then a miss.
	OnError func(err error)
}

// HumanKey is the entry of a person's answer for in: the processor and the
// normalised text only, so that the answer outlives prompt, model and
// rules versions (Check refuses it when it no longer fits).
func HumanKey(processor string, in Input) string {
	return CacheKey(processor, []string{"human-v1"}, in)
}

// Human answers an input with the decision a person gave for the same text
// (stored by StoreHuman), with source human, before any engine is asked:
// the same input is never decided differently again, and costs no LLM
// call. Otherwise it calls the wrapped processor. Store errors cost only
// the lookup. Safe for concurrent use when store is.
func Human(store Store, o HumanOptions) Middleware {
	return func(next Processor) Processor {
		return Func(func(ctx context.Context, in Input) (Output, error) {
			k := o.Key(in)
			if k == "" {
				return next.Process(ctx, in)
			}
			data, ok, err := store.Get(ctx, k)
			if err != nil && o.OnError != nil {
				o.OnError(err)
			}
			if err != nil || !ok {
				return next.Process(ctx, in)
			}
			out, err := decodeOutput(data)
			if err == nil && o.Check != nil {
				err = o.Check(in, out)
			}
			if err != nil || out.Provenance.Source != SourceHuman {
				return next.Process(ctx, in)
			}
			if o.OnHit != nil {
				o.OnHit()
			}
			return out, nil
		})
	}
}

// StoreHuman stores a person's decision for in under key (HumanKey) without
// expiry; out.Provenance.Source must be SourceHuman. Storing the same
// answer again changes nothing, so a redelivered correction is harmless.
func StoreHuman(ctx context.Context, store Store, key string, out Output) error {
	if out.Provenance.Source != SourceHuman {
		return fmt.Errorf("processors: human answer with source %q", out.Provenance.Source)
	}
	out.Exchange = nil
	data, err := encodeOutput(out)
	if err != nil {
		return err
	}
	return store.Set(ctx, key, data, 0)
}
