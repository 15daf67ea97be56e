using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Egide.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Organizations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SearchName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Siren = table.Column<string>(type: "character(9)", fixedLength: true, maxLength: 9, nullable: true),
                    InseeCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Population = table.Column<int>(type: "integer", nullable: true),
                    PopulationYear = table.Column<int>(type: "integer", nullable: true),
                    AddressStreet = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AddressPostalCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    AddressCity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FunctionalMailbox = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    DpoKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DpoPersonName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DpoEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    DpoPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    DpoExternalOrganizationId = table.Column<Guid>(type: "uuid", nullable: true),
                    DpoExternalBodyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DpoCnilDesignationNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Organizations_Organizations_DpoExternalOrganizationId",
                        column: x => x.DpoExternalOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "OrganizationContacts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganizationContacts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyReferents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Service = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyReferents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PrivacyReferents_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationContacts_OrganizationId",
                table: "OrganizationContacts",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_DpoExternalOrganizationId",
                table: "Organizations",
                column: "DpoExternalOrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_SearchName",
                table: "Organizations",
                column: "SearchName");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Siren",
                table: "Organizations",
                column: "Siren",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyReferents_OrganizationId",
                table: "PrivacyReferents",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganizationContacts");

            migrationBuilder.DropTable(
                name: "PrivacyReferents");

            migrationBuilder.DropTable(
                name: "Organizations");
        }
    }
}
