using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egide.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RightsRequestsAndBreaches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarFeeds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Hint = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastReadAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarFeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CalendarFeeds_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DataBreaches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    AwareAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AwarenessCircumstances = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    OccurredFrom = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OccurredUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IsOngoing = table.Column<bool>(type: "INTEGER", nullable: false),
                    Nature = table.Column<int>(type: "INTEGER", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    PersonCategories = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PersonsCount = table.Column<int>(type: "INTEGER", nullable: true),
                    DataCategories = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordsCount = table.Column<int>(type: "INTEGER", nullable: true),
                    HasSpecialData = table.Column<bool>(type: "INTEGER", nullable: false),
                    LikelyConsequences = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    MeasuresTaken = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    MeasuresPlanned = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RiskReasoning = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DelayReason = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    PersonsCommunication = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PersonsExemption = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    PersonsInformedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PersonsCommunicationDetail = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosureSummary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataBreaches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DataBreaches_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RightsRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequesterEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    RequesterAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequesterPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    RepresentativeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IdentityProofRequestedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IdentityProofReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExtensionMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ExtensionToldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    AnsweredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AnswerSummary = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RefusalDetail = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RightsRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RightsRequests_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BreachNotifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BreachId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CnilReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreachNotifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BreachNotifications_DataBreaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "DataBreaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DataBreachActivities",
                columns: table => new
                {
                    BreachId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataBreachActivities", x => new { x.BreachId, x.ActivityId });
                    table.ForeignKey(
                        name: "FK_DataBreachActivities_DataBreaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "DataBreaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DataBreachActivities_ProcessingActivities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "ProcessingActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RightsRequestActivities",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RightsRequestActivities", x => new { x.RequestId, x.ActivityId });
                    table.ForeignKey(
                        name: "FK_RightsRequestActivities_ProcessingActivities_ActivityId",
                        column: x => x.ActivityId,
                        principalTable: "ProcessingActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RightsRequestActivities_RightsRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "RightsRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RightsRequestDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AddedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RightsRequestDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RightsRequestDocuments_RightsRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "RightsRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BreachNotifications_BreachId",
                table: "BreachNotifications",
                column: "BreachId");

            migrationBuilder.CreateIndex(
                name: "IX_BreachNotifications_OrganizationId_BreachId",
                table: "BreachNotifications",
                columns: new[] { "OrganizationId", "BreachId" });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarFeeds_OrganizationId",
                table: "CalendarFeeds",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_CalendarFeeds_SecretHash",
                table: "CalendarFeeds",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataBreachActivities_ActivityId",
                table: "DataBreachActivities",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_DataBreaches_OrganizationId_ClosedAt_AwareAt",
                table: "DataBreaches",
                columns: new[] { "OrganizationId", "ClosedAt", "AwareAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DataBreaches_OrganizationId_Reference",
                table: "DataBreaches",
                columns: new[] { "OrganizationId", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequestActivities_ActivityId",
                table: "RightsRequestActivities",
                column: "ActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequestDocuments_OrganizationId_RequestId",
                table: "RightsRequestDocuments",
                columns: new[] { "OrganizationId", "RequestId" });

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequestDocuments_RequestId",
                table: "RightsRequestDocuments",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequests_OrganizationId_Reference",
                table: "RightsRequests",
                columns: new[] { "OrganizationId", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RightsRequests_OrganizationId_Status_DueDate",
                table: "RightsRequests",
                columns: new[] { "OrganizationId", "Status", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BreachNotifications");

            migrationBuilder.DropTable(
                name: "CalendarFeeds");

            migrationBuilder.DropTable(
                name: "DataBreachActivities");

            migrationBuilder.DropTable(
                name: "RightsRequestActivities");

            migrationBuilder.DropTable(
                name: "RightsRequestDocuments");

            migrationBuilder.DropTable(
                name: "DataBreaches");

            migrationBuilder.DropTable(
                name: "RightsRequests");
        }
    }
}
