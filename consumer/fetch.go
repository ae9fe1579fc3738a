package consumer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/segmentio/kafka-go"
	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
)

// kafka-go's Reader hands transaction markers (control records) and
// records of aborted transactions to the program as ordinary messages, even
// with read_committed, and its position (Reader.Offset) moves only with the
// messages it returns: the live service would decide aborted records and
// dead-letter markers, and a replay could not tell where a partition ends.
// So both fetch with kafka-go's protocol layer (Transport.RoundTrip of a
// Fetch request, routed to the partition leader), where each batch says
// whether it is a control batch, which producer wrote it and whether it is
// transactional, and the response lists the aborted transactions, and
// filter like a read_committed Kafka consumer.

// fetchWait is how long the broker holds a fetch that has nothing to return.
const fetchWait = 500 * time.Millisecond

// Fetch is one read_committed fetch of a partition: the records a
// read_committed Kafka consumer sees from offset At on, and Next, the
// position after everything the response covered (records, transaction
// markers, aborted records, compaction gaps). LogStart is the partition's
// log start offset when the broker said it (-1 otherwise).
type Fetch struct {
	Records  []kafka.Message
	Next     int64
	LogStart int64
}

// FetchPartition fetches topic/partition from offset at, read_committed,
// at most maxBytes, from the partition's leader (tr routes it among
// brokers). It blocks until the broker answers: at most fetchWait when it
// has nothing, plus the network. A partition-level error (e.g.
// kafka.OffsetOutOfRange, kafka.NotLeaderForPartition) is returned as a
// kafka.Error with LogStart set. Safe for concurrent use if tr is.
func FetchPartition(ctx context.Context, tr kafka.RoundTripper, brokers net.Addr, topic string, partition int, at int64, maxBytes int) (Fetch, error) {
	out := Fetch{Next: at, LogStart: -1}
	p, err := fetchAt(ctx, tr, brokers, topic, partition, at, maxBytes)
	if p != nil {
		out.LogStart = p.LogStartOffset
	}
	if err != nil {
		return out, err
	}
	out.Records, out.Next, err = visible(p, topic, partition, at)
	return out, err
}

func fetchAt(ctx context.Context, tr kafka.RoundTripper, addr net.Addr, topic string, partition int, at int64, maxBytes int) (*fetch.ResponsePartition, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchWait+15*time.Second)
	defer cancel()
	res, err := tr.RoundTrip(ctx, addr, &fetch.Request{
		ReplicaID: -1, MaxWaitTime: int32(fetchWait / time.Millisecond), MinBytes: 1, MaxBytes: int32(maxBytes),
		IsolationLevel: int8(kafka.ReadCommitted), SessionID: -1, SessionEpoch: -1,
		Topics: []fetch.RequestTopic{{Topic: topic, Partitions: []fetch.RequestPartition{{
			Partition: int32(partition), CurrentLeaderEpoch: -1, FetchOffset: at, LogStartOffset: -1, PartitionMaxBytes: int32(maxBytes),
		}}}},
	})
	if err != nil {
		return nil, err
	}
	resp, ok := res.(*fetch.Response)
	switch {
	case !ok:
		return nil, fmt.Errorf("unexpected fetch response %T", res)
	case resp.ErrorCode != 0:
		return nil, kafka.Error(resp.ErrorCode)
	case len(resp.Topics) != 1 || len(resp.Topics[0].Partitions) != 1:
		return nil, errors.New("fetch response without the partition")
	}
	p := &resp.Topics[0].Partitions[0]
	if p.ErrorCode != 0 {
		return p, kafka.Error(p.ErrorCode)
	}
	return p, nil
}

// visible returns the records of p at or after pos that a read_committed
// consumer sees, in offset order, and the position after p: past every
// record, transaction marker and aborted record p holds, and past offsets
// between batches that hold no batch (compacted away).
func visible(p *fetch.ResponsePartition, topic string, partition int, pos int64) ([]kafka.Message, int64, error) {
	if p.RecordSet.Records == nil {
		return nil, pos, nil
	}
	batches := []protocol.RecordReader{p.RecordSet.Records}
	if s, ok := p.RecordSet.Records.(*protocol.RecordStream); ok {
		batches = s.Records
	}
	pending := map[int64][]int64{} // aborted transactions by producer: first offsets
	for _, t := range p.AbortedTransactions {
		pending[t.ProducerID] = append(pending[t.ProducerID], t.FirstOffset)
	}
	aborting := map[int64]bool{} // producers inside an aborted transaction
	var out []kafka.Message
	next := pos
	for _, b := range batches {
		skip := false
		switch b := b.(type) {
		case *protocol.ControlBatch:
			next = max(next, b.BaseOffset)
			delete(aborting, b.ProducerID) // a marker ends the producer's transaction
			skip = true
		case *protocol.RecordBatch:
			next = max(next, b.BaseOffset)
			if b.Attributes.Transactional() {
				firsts := pending[b.ProducerID]
				for len(firsts) > 0 && firsts[0] <= b.BaseOffset {
					aborting[b.ProducerID], firsts = true, firsts[1:]
				}
				pending[b.ProducerID] = firsts
				skip = aborting[b.ProducerID]
			}
		}
		for {
			rec, err := b.ReadRecord()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return out, next, err
			}
			m, err := message(rec, topic, partition)
			if err != nil {
				return out, next, err
			}
			if rec.Offset < next {
				continue
			}
			next = rec.Offset + 1
			if !skip {
				out = append(out, m)
			}
		}
	}
	return out, next, nil
}

// message copies rec out of the response's buffers.
func message(rec *protocol.Record, topic string, partition int) (kafka.Message, error) {
	m := kafka.Message{Topic: topic, Partition: partition, Offset: rec.Offset, Time: rec.Time}
	var errK, errV error
	m.Key, errK = readBytes(rec.Key)
	m.Value, errV = readBytes(rec.Value)
	for _, h := range rec.Headers {
		m.Headers = append(m.Headers, kafka.Header{Key: h.Key, Value: append([]byte(nil), h.Value...)})
	}
	return m, errors.Join(errK, errV)
}

func readBytes(b protocol.Bytes) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	defer b.Close()
	return protocol.ReadAll(b)
}
