package dev.pitwall.app.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitwall.schemas.avro.RawLap;
import dev.pitwall.schemas.registry.RegistrySettings;
import dev.pitwall.schemas.registry.SchemaRegistryClient;
import dev.pitwall.schemas.registry.SchemaRegistryException;
import dev.pitwall.schemas.serde.ConfluentFraming;
import dev.pitwall.schemas.serde.ConfluentFormat;
import dev.pitwall.schemas.serde.SingleObjectFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** pitwall's registry client and Confluent wire format against a real Apicurio Registry (its Confluent API). */
class SchemaRegistryIT {

    private static RawLap lap() {
        return RawLap.newBuilder().setSeason(2021).setRound(12).setSession("R").setDriverId("max_verstappen")
                .setLap("3").setPosition("1").setTime("1:58.100").setSource("jolpica").build();
    }

    /** v1 plus one optional field with a default: the change BACKWARD (and FORWARD) compatibility allows. */
    private static Schema v2() {
        Schema v1 = RawLap.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("tyre_compound", SchemaBuilder.unionOf().nullType().and().stringType().endUnion(),
                "tyre on this lap, when the source knows it", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
    }

    private static String topic() {
        return "it." + UUID.randomUUID().toString().substring(0, 8) + ".laps";
    }

    @Test
    void registersLooksUpAndReadsSchemasBackByIdWithCompatibilityBackward() {
        ApicurioRegistry registry = ApicurioRegistry.get();
        SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(registry.confluentUrl()));
        String subject = topic() + "-value";
        String schema = RawLap.getClassSchema().toString();

        int id = client.register(subject, schema);
        assertThat(client.register(subject, schema)).as("registering the same schema again answers the same id").isEqualTo(id);
        assertThat(client.lookup(subject, schema)).hasValue(id);
        assertThat(client.lookup(topic() + "-value", schema)).as("a subject that does not exist").isEmpty();
        assertThat(new Schema.Parser().parse(client.schemaById(id))).isEqualTo(RawLap.getClassSchema());
        assertThat(client.versions(subject)).hasSize(1);

        client.setCompatibility(subject, "BACKWARD");
        assertThat(client.compatibility(subject)).hasValue("BACKWARD");
    }

    @Test
    void writesTheConfluentWireFormatAndReadsBothEncodings() {
        ApicurioRegistry registry = ApicurioRegistry.get();
        ConfluentFormat format = new ConfluentFormat(RegistrySettings.of(registry.confluentUrl()));
        String topic = topic();

        byte[] framed = format.encodeValue(topic, lap());
        int id = format.client().lookup(topic + "-value", RawLap.getClassSchema().toString()).orElseThrow();
        assertThat(framed[0]).isEqualTo(ConfluentFraming.MAGIC);
        assertThat(ConfluentFraming.schemaId(framed)).isEqualTo(id);
        assertThat(format.decodeValue(framed, RawLap.class)).isEqualTo(lap());
        assertThat(format.client().compatibility(topic + "-value")).as("auto-registration sets the subject BACKWARD").hasValue("BACKWARD");

        byte[] single = SingleObjectFormat.INSTANCE.encodeValue(topic, lap());
        assertThat(format.decodeValue(single, RawLap.class)).as("single-object records still read").isEqualTo(lap());
        assertThatThrownBy(() -> SingleObjectFormat.INSTANCE.decodeValue(framed, RawLap.class))
                .hasMessageContaining("schema id " + id).hasMessageContaining("--schema-registry-url");

        byte[] key = format.encodeKey(topic, "2021/12/R/max_verstappen");
        assertThat(key[0]).isEqualTo(ConfluentFraming.MAGIC);
        assertThat(ConfluentFraming.decodeKey(key)).isEqualTo("2021/12/R/max_verstappen");
        assertThat(format.client().versions(topic + "-key")).hasSize(1);
    }

    @Test
    void v2WithANewOptionalFieldIsRegisteredAndReadByV1AndTheOtherWayRound() {
        ApicurioRegistry registry = ApicurioRegistry.get();
        ConfluentFormat format = new ConfluentFormat(RegistrySettings.of(registry.confluentUrl()));
        String topic = topic();
        String subject = topic + "-value";
        byte[] writtenByV1 = format.encodeValue(topic, lap());

        Schema v2 = v2();
        assertThat(format.client().isCompatible(subject, v2.toString())).isTrue();
        GenericRecord lapV2 = new GenericData.Record(v2);
        lap().getSchema().getFields().forEach(f -> lapV2.put(f.name(), lap().get(f.pos())));
        lapV2.put("tyre_compound", "HARD");
        byte[] writtenByV2 = format.encodeValue(topic, lapV2);
        assertThat(format.client().versions(subject)).as("v2 is the subject's second version").hasSize(2);
        assertThat(ConfluentFraming.schemaId(writtenByV2)).isNotEqualTo(ConfluentFraming.schemaId(writtenByV1));

        // a v1 reader (the generated class) reads v2 records: the new field is skipped
        assertThat(format.decodeValue(writtenByV2, RawLap.class)).isEqualTo(lap());
        // a v2 reader reads v1 records: the new field takes its default
        GenericRecord read = format.decodeGeneric(writtenByV1, v2);
        assertThat(read.get("tyre_compound")).isNull();
        assertThat(read.get("driverId").toString()).isEqualTo("max_verstappen");
        assertThat(format.decodeGeneric(writtenByV2, v2).get("tyre_compound").toString()).isEqualTo("HARD");

        // a new field without a default breaks BACKWARD: the registry refuses it
        Schema v3 = SchemaBuilder.record(v2.getName()).namespace(v2.getNamespace()).fields()
                .requiredInt("season").requiredString("stint").endRecord();
        assertThat(format.client().isCompatible(subject, v3.toString())).isFalse();
        assertThatThrownBy(() -> format.client().register(subject, v3.toString()))
                .isInstanceOf(SchemaRegistryException.class).satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
    }

    @Test
    void stagesStartingTogetherRegisterTheSameSubjectsWithoutTrippingOverEachOther() throws Exception {
        ApicurioRegistry registry = ApicurioRegistry.get();
        java.util.Map<String, Schema> topics = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            topics.put(topic(), RawLap.getClassSchema());
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<ConfluentFormat>> starts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                starts.add(pool.submit(() -> {
                    ConfluentFormat format = new ConfluentFormat(RegistrySettings.of(registry.confluentUrl()));
                    format.prepare(topics);
                    return format;
                }));
            }
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (var start : starts) {
                ConfluentFormat format = start.get(2, java.util.concurrent.TimeUnit.MINUTES);
                topics.keySet().forEach(t -> ids.add(ConfluentFraming.schemaId(format.encodeValue(t, lap()))));
            }
            assertThat(ids).as("one schema, one id").hasSize(1);
            SchemaRegistryClient client = new SchemaRegistryClient(RegistrySettings.of(registry.confluentUrl()));
            topics.keySet().forEach(t -> assertThat(client.compatibility(t + "-value")).hasValue("BACKWARD"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAutoRegistrationASubjectMustAlreadyHoldTheSchema() {
        ApicurioRegistry registry = ApicurioRegistry.get();
        String topic = topic();
        ConfluentFormat lookupOnly = new ConfluentFormat(new RegistrySettings(registry.confluentUrl(), Optional.empty(), false, Optional.empty()));
        assertThatThrownBy(() -> lookupOnly.encodeValue(topic, lap()))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining(topic + "-value").hasMessageContaining("--no-schema-auto-register");
        assertThat(lookupOnly.client().versions(topic + "-value")).as("nothing was registered").isEmpty();

        int id = new SchemaRegistryClient(RegistrySettings.of(registry.confluentUrl())).register(topic + "-value", RawLap.getClassSchema().toString());
        assertThat(ConfluentFraming.schemaId(lookupOnly.encodeValue(topic, lap()))).isEqualTo(id);
    }
}
