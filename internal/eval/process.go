package eval

import (
	"context"
	"sync"

	"github.com/triage/triage/processors"
)

// result is the processor's answer to one record.
type result struct {
	out processors.Output
	err error
}

// processAll runs p on every record's decoded input with at most workers
// calls at once and returns the results in record order. It returns ctx's
// error when ctx ends first; processor errors are kept per record.
func processAll[G any](ctx context.Context, p processors.Processor, cases []Labelled[G], workers int) ([]result, error) {
	out := make([]result, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(cases)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].out, out[i].err = p.Process(ctx, cases[i].In)
			}
		}()
	}
feed:
	for i := range cases {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
