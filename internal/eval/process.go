package eval

import (
	"context"
	"sync"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
)

// result is the processor's answer to one case.
type result struct {
	out processors.Output
	err error
}

// processAll runs p on every case with at most workers calls at once and
// returns the results in case order. It returns ctx's error when ctx ends
// first; processor errors are kept per case.
func processAll[G any](ctx context.Context, p processors.Processor, kind processors.Kind, cases []labelled[G], workers int) ([]result, error) {
	out := make([]result, len(cases))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(cases)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].out, out[i].err = p.Process(ctx, input(kind, cases[i].Case.ID, cases[i].Subject, cases[i].Body))
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

// input builds the processor input of one case, with the Email or Ticket
// that Kind promises.
func input(kind processors.Kind, id, subject, body string) processors.Input {
	in := processors.Input{Kind: kind, ID: id, Subject: subject, Body: body, RawBody: body}
	decode.Prepare(&in) // the engines see what the live service gives them
	if kind == processors.KindEmail {
		in.Email = &processors.Email{MessageID: id, Subject: subject, Text: body}
	} else {
		in.Ticket = &processors.Ticket{TicketID: id, Subject: subject, Body: body}
	}
	return in
}
