package chaos

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/segmentio/kafka-go"
)

// errNoCoord is returned for an output that names no input coordinate.
var errNoCoord = errors.New("chaos: output names no input coordinate")

// EventInput reads the input coordinate of an output event record:
// data.input {topic, partition, offset} of the CloudEvent
// (schemas/common.v1.json). In binary mode (events.mode binary: a
// ce_specversion header and a content-type that is not
// application/cloudevents...) the value is the event's data itself.
func EventInput(m kafka.Message) (Coord, error) {
	data := m.Value
	if !binaryEvent(m.Headers) {
		var ev struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			return Coord{}, fmt.Errorf("chaos: event: %w", err)
		}
		data = ev.Data
	}
	var d struct {
		Input *jsonCoord `json:"input"`
	}
	if len(data) > 0 {
		if err := json.Unmarshal(data, &d); err != nil {
			return Coord{}, fmt.Errorf("chaos: event data: %w", err)
		}
	}
	if c, ok := d.Input.coord(); ok {
		return c, nil
	}
	return Coord{}, errNoCoord
}

// jsonCoord is a {topic, partition, offset} object; partition and offset
// are pointers so that a missing one is not taken for 0.
type jsonCoord struct {
	Topic     string `json:"topic"`
	Partition *int   `json:"partition"`
	Offset    *int64 `json:"offset"`
}

// coord reports the coordinate, false when c is nil or incomplete.
func (c *jsonCoord) coord() (Coord, bool) {
	if c == nil || c.Topic == "" || c.Partition == nil || c.Offset == nil {
		return Coord{}, false
	}
	return Coord{Topic: c.Topic, Partition: *c.Partition, Offset: *c.Offset}, true
}

// binaryEvent reports whether headers are those of a CloudEvent in binary
// content mode (the Kafka protocol binding's rule).
func binaryEvent(headers []kafka.Header) bool {
	binary := false
	for _, h := range headers {
		switch strings.ToLower(h.Key) {
		case "content-type":
			if strings.HasPrefix(string(h.Value), "application/cloudevents") {
				return false
			}
		case "ce_specversion":
			binary = true
		}
	}
	return binary
}

// DeadLetterSource reads the input coordinate of a dead letter: source
// {topic, partition, offset} of the envelope (schemas/dlq.v1.json), or, when
// the value is not such an envelope, the triage-dlq-source header
// ("topic/partition/offset", header may be nil).
func DeadLetterSource(value []byte, header []byte) (Coord, error) {
	var dl struct {
		Source *jsonCoord `json:"source"`
	}
	if json.Unmarshal(value, &dl) == nil {
		if c, ok := dl.Source.coord(); ok {
			return c, nil
		}
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
