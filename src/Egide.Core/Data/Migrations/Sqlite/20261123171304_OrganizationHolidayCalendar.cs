using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egide.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrganizationHolidayCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HolidayCalendar",
                table: "Organizations",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Standard");

            // Bodies already registered in Moselle, Bas-Rhin and Haut-Rhin keep the local holidays (FrenchPublicHolidays.DefaultCalendar).
            migrationBuilder.Sql("""
                UPDATE "Organizations" SET "HolidayCalendar" = 'AlsaceMoselle'
                WHERE substr(COALESCE(NULLIF("InseeCode", ''), "AddressPostalCode", ''), 1, 2) IN ('57', '67', '68')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HolidayCalendar",
                table: "Organizations");
        }
    }
}
