"""Field platforms on Kafka: one SASL/SCRAM principal and one topic per platform, and the
businesses each platform may report jobs for."""
