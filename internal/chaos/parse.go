package chaos

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// errNoCoord is returned for an output that names no input coordinate.
var errNoCoord = errors.New("chaos: output names no input coordinate")

// EventInput reads the input coordinate of an output event: data.input
// {topic, partition, offset} of the CloudEvent (schemas/common.v1.json).
func EventInput(value []byte) (Coord, error) {
	var ev struct {
		Data struct {
			Input *struct {
				Topic     string `json:"topic"`
				Partition *int   `json:"partition"`
				Offset    *int64 `json:"offset"`
			} `json:"input"`
		} `json:"data"`
	}
	if err := json.Unmarshal(value, &ev); err != nil {
		return Coord{}, fmt.Errorf("chaos: event: %w", err)
	}
	in := ev.Data.Input
	if in == nil || in.Topic == "" || in.Partition == nil || in.Offset == nil {
		return Coord{}, errNoCoord
	}
	return Coord{Topic: in.Topic, Partition: *in.Partition, Offset: *in.Offset}, nil
}

// DeadLetterSource reads the input coordinate of a dead letter: source
// {topic, partition, offset} of the envelope (schemas/dlq.v1.json), or, when
// the value is not such an envelope, the triage-dlq-source header
// ("topic/partition/offset", header may be nil).
func DeadLetterSource(value []byte, header []byte) (Coord, error) {
	var dl struct {
		Source *struct {
			Topic     string `json:"topic"`
			Partition *int   `json:"partition"`
			Offset    *int64 `json:"offset"`
		} `json:"source"`
	}
	if json.Unmarshal(value, &dl) == nil && dl.Source != nil && dl.Source.Topic != "" && dl.Source.Partition != nil && dl.Source.Offset != nil {
		return Coord{Topic: dl.Source.Topic, Partition: *dl.Source.Partition, Offset: *dl.Source.Offset}, nil
	}
	if header == nil {
		return Coord{}, errNoCoord
	}
	return parseSourceHeader(string(header))
}

// parseSourceHeader reads "topic/partition/offset"; the topic may itself
// contain slashes, so partition and offset are taken from the right.
func parseSourceHeader(h string) (Coord, error) {
	i := strings.LastIndexByte(h, '/')
	if i <= 0 {
		return Coord{}, fmt.Errorf("chaos: dead-letter source header %q: want topic/partition/offset", h)
	}
	j := strings.LastIndexByte(h[:i], '/')
	if j <= 0 {
		return Coord{}, fmt.Errorf("chaos: dead-letter source header %q: want topic/partition/offset", h)
	}
	p, err1 := strconv.Atoi(h[j+1 : i])
	off, err2 := strconv.ParseInt(h[i+1:], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return Coord{}, fmt.Errorf("chaos: dead-letter source header %q: %w", h, err)
	}
	return Coord{Topic: h[:j], Partition: p, Offset: off}, nil
}
